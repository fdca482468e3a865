using System.Text.Json.Nodes;
using Graylane.Core.Json;
using Graylane.Tests.Support;

namespace Graylane.Tests.Lanes;

/// <summary>Every object a lane release may touch, as user content, to compare the cluster before and after.</summary>
internal static class ClusterObjects
{
    private static readonly (string ApiVersion, string Kind, string? Ns)[] Kinds =
    [
        ("apps/v1", "Deployment", "default"), ("v1", "Service", "default"),
        ("networking.istio.io/v1", "VirtualService", null), ("networking.istio.io/v1", "DestinationRule", null),
        ("istio.alibabacloud.com/v1", "ASMSwimLaneGroup", null), ("istio.alibabacloud.com/v1", "ASMSwimLane", null),
    ];

    /// <summary>"Kind ns/name" → spec and labels (server fields and status stripped).</summary>
    public static SortedDictionary<string, string> Capture(ClusterFixture c)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (apiVersion, kind, ns) in Kinds)
            foreach (var o in c.Server.List(apiVersion, kind, ns))
            {
                var user = ServerFields.Strip(o);
                var content = new JsonObject { ["labels"] = user["metadata"]?["labels"]?.DeepClone(), ["spec"] = user["spec"]?.DeepClone() };
                result[$"{kind} {Obj.Namespace(o)}/{Obj.Name(o)}"] = content.ToJsonString();
            }
        return result;
    }
}
