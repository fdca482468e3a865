using System.Text.Json.Nodes;

namespace Graylane.Core.Planning.Istio;

/// <summary>One Istio Destination: host, optional subset, optional port number.</summary>
public sealed record IstioDestination(string Host, string? Subset = null, int? Port = null)
{
    /// <summary>The Destination object, with the given port when this one has none (keeps the user's port).</summary>
    public JsonObject ToJson(JsonNode? fallbackPort = null)
    {
        var o = new JsonObject { ["host"] = Host };
        if (Subset is not null) o["subset"] = Subset;
        if (Port is { } p) o["port"] = new JsonObject { ["number"] = p };
        else if (fallbackPort is JsonObject port) o["port"] = port.DeepClone();
        return o;
    }

    public override string ToString() => Subset is null ? Host : $"{Host} subset {Subset}";
}
