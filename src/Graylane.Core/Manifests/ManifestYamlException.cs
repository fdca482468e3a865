namespace Graylane.Core.Manifests;

/// <summary>YAML that does not parse, with the position of the problem (line 0 when YamlDotNet gives none).</summary>
public sealed class ManifestYamlException(int line, int column, string reason) : Exception(reason)
{
    public int Line { get; } = line;
    public int Column { get; } = column;
}
