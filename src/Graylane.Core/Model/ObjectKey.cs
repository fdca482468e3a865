using Graylane.Core.Json;
using System.Text.Json.Nodes;

namespace Graylane.Core.Model;

/// <summary>Names one object in the cluster: kind, namespace (null when cluster-scoped) and name.</summary>
public readonly record struct ObjectKey(string Kind, string? Namespace, string Name)
{
    public static ObjectKey Of(JsonObject o) => new((string?)o["kind"] ?? "", Obj.Namespace(o), Obj.Name(o));

    /// <summary>"VirtualService default/reviews", or "ASMSwimLane v2" when cluster-scoped.</summary>
    public override string ToString() => $"{Kind} {(Namespace is null ? "" : Namespace + "/")}{Name}";
}
