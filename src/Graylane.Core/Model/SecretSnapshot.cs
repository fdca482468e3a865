namespace Graylane.Core.Model;

/// <summary>A Secret as it was before the release changed it: whether it existed and a hash of its content (never the values).</summary>
public sealed class SecretSnapshot
{
    public string Name { get; set; } = "";
    public bool Existed { get; set; }
    public string? Hash { get; set; }
}
