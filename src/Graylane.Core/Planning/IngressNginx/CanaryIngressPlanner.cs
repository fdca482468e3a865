using System.Text.Json.Nodes;
using Graylane.Core.Json;
using Graylane.Core.Planning.Istio;
using Graylane.Core.Validation;

namespace Graylane.Core.Planning.IngressNginx;

/// <summary>
/// The canary Ingress &lt;ingress&gt;-canary: the user's Ingress rules for the Service (its class, each host and path whose
/// backend is the Service, the same port) pointing at the canary Service instead, with ingress-nginx's canary annotations.
/// ingress-nginx merges it into the locations with the same host and path, so it must copy them exactly; every other
/// path of the user's Ingress is left out (it keeps its own backend). The user's Ingress itself is never written.
/// </summary>
public static class CanaryIngressPlanner
{
    public const string AppAnnotation = CanaryServicePlanner.AppAnnotation;
    public const string VersionAnnotation = CanaryServicePlanner.VersionAnnotation;
    public const string ClassAnnotation = "kubernetes.io/ingress.class";

    public static string Name(string ingress) => $"{ingress}-canary";

    /// <summary>True for a canary Ingress (ingress-nginx ignores it as a location of its own).</summary>
    public static bool IsCanary(JsonObject ingress) => Obj.Annotation(ingress, NginxCanaryRules.Canary) == "true";

    /// <summary>True when one of the Ingress's paths (optionally for one host) sends to the Service.</summary>
    public static bool RoutesTo(JsonObject ingress, string service, string? host = null) => Paths(ingress, service, host).Any();

    public static string? Class(JsonObject ingress) => (string?)ingress["spec"]?["ingressClassName"] ?? Obj.Annotation(ingress, ClassAnnotation);

    /// <summary>(host, path) of every location of the Ingress that sends to the Service.</summary>
    public static IEnumerable<(string Host, string Path)> Locations(JsonObject ingress, string service, string? host = null) =>
        Paths(ingress, service, host).Select(p => (p.Host, (string?)p.Path["path"] ?? "/"));

    public static JsonObject Plan(JsonObject user, string service, string canaryService, string? host, int weight, IReadOnlyList<string> matches, string app, string version)
    {
        var name = Name(Obj.Name(user));
        if (!KubeNames.IsDnsSubdomain(name))
            throw new InvalidInputException("ingress", $"the canary Ingress name {KubeNames.Printable(name)} (<ingress>-canary) is longer than 253 characters");
        var rules = new JsonArray();
        foreach (var rule in Obj.Objects(user["spec"]?["rules"]))
        {
            var ruleHost = (string?)rule["host"];
            if (host is not null && !string.Equals(ruleHost, host, StringComparison.OrdinalIgnoreCase)) continue;
            var paths = new JsonArray();
            foreach (var p in Obj.Objects(rule["http"]?["paths"]).Where(p => (string?)p["backend"]?["service"]?["name"] == service))
            {
                var copy = Obj.Clone(p);
                copy["backend"]!["service"]!["name"] = canaryService;
                paths.Add((JsonNode)copy);
            }
            if (paths.Count == 0) continue;
            var canaryRule = new JsonObject();
            if (ruleHost is not null) canaryRule["host"] = ruleHost;
            canaryRule["http"] = new JsonObject { ["paths"] = paths };
            rules.Add((JsonNode)canaryRule);
        }
        if (rules.Count == 0)
            throw new InvalidInputException(host is null ? "ingress" : "host",
                $"--{(host is null ? "ingress" : "host")}: Ingress {Obj.Name(user)} has no path{(host is null ? "" : $" for host {host}")} to Service {service}; ingress-nginx canaries copy a path whose backend is the Service");

        var annotations = new JsonObject { [AppAnnotation] = app, [VersionAnnotation] = version };
        if (user["spec"]?["ingressClassName"] is null && Obj.Annotation(user, ClassAnnotation) is { } cls) annotations[ClassAnnotation] = cls;
        foreach (var (k, v) in NginxCanaryRules.Annotations(weight, matches)) annotations[k] = v;
        var spec = new JsonObject();
        if (user["spec"]?["ingressClassName"] is { } className) spec["ingressClassName"] = className.DeepClone();
        spec["rules"] = rules;
        return new JsonObject
        {
            ["apiVersion"] = "networking.k8s.io/v1",
            ["kind"] = "Ingress",
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["namespace"] = Obj.Namespace(user),
                ["labels"] = new JsonObject { [VirtualServicePlanner.ManagedByLabel] = VirtualServicePlanner.ManagedByValue },
                ["annotations"] = annotations,
            },
            ["spec"] = spec,
        };
    }

    /// <summary>The live canary with the planned spec, labels and annotations (server fields kept, so the replace is guarded by its resourceVersion).</summary>
    public static JsonObject Merge(JsonObject live, JsonObject planned)
    {
        var merged = Obj.Clone(live);
        var meta = Obj.Metadata(merged);
        meta["labels"] = planned["metadata"]!["labels"]!.DeepClone();
        meta["annotations"] = planned["metadata"]!["annotations"]!.DeepClone();
        merged["spec"] = planned["spec"]!.DeepClone();
        return merged;
    }

    /// <summary>True when the canary Ingress is the one Graylane made for this app's release of that version.</summary>
    public static bool IsOurs(JsonObject ingress, string app, string version) =>
        Obj.Annotation(ingress, AppAnnotation) == app && Obj.Annotation(ingress, VersionAnnotation) == version;

    private static IEnumerable<(string Host, JsonObject Path)> Paths(JsonObject ingress, string service, string? host) =>
        from rule in Obj.Objects(ingress["spec"]?["rules"])
        let h = ((string?)rule["host"] ?? "").ToLowerInvariant()
        where host is null || h == host.ToLowerInvariant()
        from p in Obj.Objects(rule["http"]?["paths"])
        where (string?)p["backend"]?["service"]?["name"] == service
        select (h, p);
}
