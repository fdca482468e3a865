using System.Text.Json.Nodes;
using Graylane.Core.Json;
using Graylane.Core.Planning.Istio;

namespace Graylane.Core.Planning;

/// <summary>
/// The Service in front of the gray pods for routers whose backends are Services (Gateway API, ingress-nginx): the
/// stable Service's selector narrowed to the gray version, its ports, named &lt;service&gt;-&lt;version&gt; unless the user
/// gives one. Marked as Graylane's (label, app and version annotations) so a re-run recognises it.
/// </summary>
public static class CanaryServicePlanner
{
    public const string AppAnnotation = "graylane.io/app";
    public const string VersionAnnotation = "graylane.io/version";

    public static string Name(string service, string version) => $"{service}-{version}";

    public static JsonObject Plan(JsonObject stable, string name, IReadOnlyDictionary<string, string> graySelector, string app, string version)
    {
        var selector = Obj.StringMap(stable["spec"]?["selector"]);
        foreach (var (k, v) in graySelector) selector[k] = v;
        var ports = new JsonArray();
        foreach (var p in Obj.Objects(stable["spec"]?["ports"]))
        {
            var port = new JsonObject();
            foreach (var key in new[] { "name", "protocol", "appProtocol", "port", "targetPort" })
                if (p[key] is { } v) port[key] = v.DeepClone();
            ports.Add((JsonNode)port);
        }
        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Service",
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["namespace"] = Obj.Namespace(stable),
                ["labels"] = new JsonObject { [VirtualServicePlanner.ManagedByLabel] = VirtualServicePlanner.ManagedByValue },
                ["annotations"] = new JsonObject { [AppAnnotation] = app, [VersionAnnotation] = version },
            },
            ["spec"] = new JsonObject { ["selector"] = Obj.ToJson(selector), ["ports"] = ports },
        };
    }

    /// <summary>True when the Service is the canary Graylane made for this app's release of that version.</summary>
    public static bool IsOurs(JsonObject service, string app, string version) =>
        Obj.Annotation(service, AppAnnotation) == app && Obj.Annotation(service, VersionAnnotation) == version;
}
