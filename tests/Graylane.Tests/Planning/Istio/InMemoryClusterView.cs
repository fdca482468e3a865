using System.Text.Json.Nodes;
using Graylane.Core.Json;
using Graylane.LocalCluster.Routing;

namespace Graylane.Tests.Planning.Istio;

/// <summary>A fixed set of objects for the local cluster's request router (no server needed).</summary>
public sealed class InMemoryClusterView(IEnumerable<JsonObject> objects) : IClusterView
{
    private readonly List<JsonObject> _objects = objects.ToList();

    public IReadOnlyList<JsonObject> List(string apiVersion, string kind, string? ns) =>
        _objects.Where(o => (string?)o["apiVersion"] == apiVersion && (string?)o["kind"] == kind && (ns is null || Obj.Namespace(o) == ns)).ToList();
}
