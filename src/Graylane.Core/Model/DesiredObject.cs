using System.Text.Json.Nodes;

namespace Graylane.Core.Model;

/// <summary>One object of the manifests: its content (null for a Secret, whose content is in the vault) and a hash.</summary>
public sealed class DesiredObject
{
    public string ApiVersion { get; set; } = "";
    public string Kind { get; set; } = "";
    public string Name { get; set; } = "";
    public JsonObject? Object { get; set; }
    public string? Hash { get; set; }
    /// <summary>Where it came from: "k8s/web.yaml document 2".</summary>
    public string Source { get; set; } = "";
}
