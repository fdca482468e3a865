using System.Text.Json.Nodes;
using Graylane.Core.Model;
using Graylane.Core.Planning.Lanes;

namespace Graylane.Engine.Routing.Lanes;

/// <summary>An app's lanes as read from the cluster: the model and the live objects expressing it (null: not there).</summary>
public sealed class LaneState
{
    public required LaneModel Model { get; init; }
    public required Dictionary<ObjectKey, JsonObject?> Objects { get; init; }
    /// <summary>False when no lane objects existed and the model was derived from the Deployments.</summary>
    public bool Existed { get; init; }
    /// <summary>Index of the entry route in the gateway VirtualService (-1: none yet).</summary>
    public int EntryRoute { get; init; } = -1;
}
