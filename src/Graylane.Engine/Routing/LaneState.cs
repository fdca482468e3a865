using System.Text.Json.Nodes;
using Graylane.Core.Planning.Lanes;

namespace Graylane.Engine.Routing;

/// <summary>An app's lanes as read from the cluster: the model and the live objects expressing it ("Kind ns/name" → object or null).</summary>
public sealed class LaneState
{
    public required LaneModel Model { get; init; }
    public required Dictionary<string, JsonObject?> Objects { get; init; }
    /// <summary>False when no lane objects existed and the model was derived from the Deployments.</summary>
    public bool Existed { get; init; }
    /// <summary>Index of the entry route in the gateway VirtualService (-1: none yet).</summary>
    public int EntryRoute { get; init; } = -1;
}
