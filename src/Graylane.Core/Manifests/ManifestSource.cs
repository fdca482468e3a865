namespace Graylane.Core.Manifests;

/// <summary>Where a manifest object came from, for messages: the file (or standard input), the document and its line.</summary>
/// <param name="Document">The document's number in its file, from 1, counting every "---" section.</param>
/// <param name="Item">The object's number inside a List document, from 1; null for a plain document.</param>
public sealed record ManifestSource(string File, int Document, int Line, int? Item = null)
{
    public const string StandardInput = "-";

    public string FileName => File == StandardInput ? "standard input" : File;

    public override string ToString() =>
        $"{FileName} document {Document}{(Item is { } i ? $" item {i}" : "")}{(Line > 0 ? $" (line {Line})" : "")}";
}
