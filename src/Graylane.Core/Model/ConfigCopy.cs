namespace Graylane.Core.Model;

/// <summary>A config object the gray reads: the original name, the name the gray reads it under, and the content hash.</summary>
public sealed class ConfigCopy
{
    public string Kind { get; set; } = "";
    public string Name { get; set; } = "";
    public string ReadAs { get; set; } = "";
    /// <summary>True when the release created ReadAs (a copy, or a config object new under its own name).</summary>
    public bool Created { get; set; }
    public string Hash { get; set; } = "";
}
