using System.Text.Json.Nodes;

namespace Graylane.LocalCluster.Tables;

/// <summary>Autoscaling, ingress, disruption budgets, network policies and RBAC bindings, with kubectl's columns.</summary>
internal static class PolicyPrinters
{
    public static ObjectPrinter HorizontalPodAutoscalers() => new(
    [
        Docs.Name,
        new("Reference", "string", Docs.Of("io.k8s.api.autoscaling.v2.HorizontalPodAutoscalerSpec", "scaleTargetRef")),
        new("Targets", "string", Docs.Of("io.k8s.api.autoscaling.v2.HorizontalPodAutoscalerSpec", "metrics")),
        new("MinPods", "string", Docs.Of("io.k8s.api.autoscaling.v2.HorizontalPodAutoscalerSpec", "minReplicas")),
        new("MaxPods", "string", Docs.Of("io.k8s.api.autoscaling.v2.HorizontalPodAutoscalerSpec", "maxReplicas")),
        new("Replicas", "string", Docs.Of("io.k8s.api.autoscaling.v2.HorizontalPodAutoscalerStatus", "currentReplicas")),
        Docs.Age,
    ], (hpa, now) =>
    [
        Cell.Name(hpa), $"{Cell.Text(hpa, "spec.scaleTargetRef.kind")}/{Cell.Text(hpa, "spec.scaleTargetRef.name")}", HpaTargets(hpa),
        hpa["spec"]?["minReplicas"].Long() is { } min ? Cell.Number(min) : "<unset>",
        Cell.Int(hpa, "spec.maxReplicas"), Cell.Int(hpa, "status.currentReplicas"), Cell.Age(hpa, now),
    ]);

    /// <summary>The TARGETS cell for the common metric shapes (v2 resource/pods/object/external; v1 targetCPUUtilizationPercentage).</summary>
    private static string HpaTargets(JsonObject hpa)
    {
        var specs = Cell.Objects(hpa["spec"]?["metrics"]).ToList();
        if (specs.Count == 0 && hpa["spec"]?["targetCPUUtilizationPercentage"].Long() is { } cpu)
        {
            var current = hpa["status"]?["currentCPUUtilizationPercentage"].Long() is { } c ? $"{c}%" : "<unknown>";
            return $"cpu: {current}/{cpu}%";
        }
        if (specs.Count == 0) return "<none>";
        var statuses = Cell.Objects(hpa["status"]?["currentMetrics"]).ToList();
        var list = new List<string>();
        for (var i = 0; i < specs.Count; i++)
        {
            var spec = specs[i];
            var status = i < statuses.Count ? statuses[i] : null;
            var type = spec["type"].Str() ?? "";
            var key = type.Length == 0 ? "" : char.ToLowerInvariant(type[0]) + type[1..];
            var source = spec[key];
            var current = status?[key]?["current"];
            var target = source?["target"];
            list.Add(type switch
            {
                "Resource" or "ContainerResource" when target?["averageValue"] is { } avg =>
                    $"{Cell.Text(source, "name")}: {Quantity(current?["averageValue"])}/{Quantity(avg)}",
                "Resource" or "ContainerResource" =>
                    $"{Cell.Text(source, "name")}: {(current?["averageUtilization"].Long() is { } u ? $"{u}%" : "<unknown>")}/{(target?["averageUtilization"].Long() is { } t ? $"{t}%" : "<auto>")}",
                "Pods" => $"{Quantity(current?["averageValue"])}/{Quantity(target?["averageValue"])}",
                "Object" or "External" when target?["averageValue"] is { } avg => $"{Quantity(current?["averageValue"])}/{Quantity(avg)} (avg)",
                "Object" or "External" => $"{Quantity(current?["value"])}/{Quantity(target?["value"])}",
                _ => "<unknown type>",
            });
        }
        return list.Count > 2 ? $"{string.Join(", ", list.Take(2))} + {list.Count - 2} more..." : string.Join(", ", list);
    }

    private static string Quantity(JsonNode? q) => q switch
    {
        null => "<unknown>",
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => q.ToJsonString(),
    };

    public static ObjectPrinter Ingresses() => new(
    [
        Docs.Name,
        new("Class", "string", "The name of the IngressClass resource that should be used for additional configuration"),
        new("Hosts", "string", "Hosts that incoming requests are matched against before the ingress rule"),
        new("Address", "string", "Address is a list containing ingress points for the load-balancer"),
        new("Ports", "string", "Ports of TLS configurations that open"),
        Docs.Age,
    ], (ing, now) =>
    {
        var rules = Cell.Objects(ing["spec"]?["rules"]).ToList();
        var hosts = rules.Select(r => r["host"].Str()).Where(h => !string.IsNullOrEmpty(h)).Take(3).ToList();
        var hostText = hosts.Count == 0 ? "*" : string.Join(",", hosts) + (rules.Count > 3 ? $" + {rules.Count - 3} more..." : "");
        var address = string.Join(",", Cell.Objects(ing["status"]?["loadBalancer"]?["ingress"])
            .Select(i => i["ip"].Str() is { Length: > 0 } ip ? ip : i["hostname"].Str() ?? "").Where(s => s.Length > 0).Distinct().Order(StringComparer.Ordinal));
        var ports = Cell.Objects(ing["spec"]?["tls"]).Any() ? "80, 443" : "80";
        return [Cell.Name(ing), Cell.Text(ing, "spec.ingressClassName", "<none>"), hostText, address, ports, Cell.Age(ing, now)];
    });

    public static ObjectPrinter PodDisruptionBudgets() => new(
    [
        Docs.Name,
        new("Min Available", "string", "The minimum number of pods that must be available."),
        new("Max Unavailable", "string", "The maximum number of pods that may be unavailable."),
        new("Allowed Disruptions", "integer", "Calculated number of pods that may be disrupted at this time."),
        Docs.Age,
    ], (pdb, now) =>
    [
        Cell.Name(pdb), IntOrString(pdb["spec"]?["minAvailable"]), IntOrString(pdb["spec"]?["maxUnavailable"]),
        Cell.Int(pdb, "status.disruptionsAllowed"), Cell.Age(pdb, now),
    ]);

    private static string IntOrString(JsonNode? v) => v switch
    {
        null => "N/A",
        JsonValue s when s.TryGetValue<string>(out var text) => text,
        _ => v.ToJsonString(),
    };

    public static ObjectPrinter NetworkPolicies() => new(
    [
        Docs.Name, new("Pod-Selector", "string", Docs.Of("io.k8s.api.networking.v1.NetworkPolicySpec", "podSelector")), Docs.Age,
    ], (np, now) => [Cell.Name(np), Cell.FormatSelector(np["spec"]?["podSelector"]), Cell.Age(np, now)]);

    public static ObjectPrinter Bindings(string what) => new(
    [
        Docs.Name,
        new("Role", "string", Docs.Of("io.k8s.api.rbac.v1.RoleBinding", "roleRef")),
        Docs.Age,
        new("Users", "string", $"Users in the {what}", 1),
        new("Groups", "string", $"Groups in the {what}", 1),
        new("ServiceAccounts", "string", $"ServiceAccounts in the {what}", 1),
    ], (b, now) =>
    {
        var subjects = Cell.Objects(b["subjects"]).ToList();
        string Of(string kind, Func<JsonObject, string> show) =>
            string.Join(", ", subjects.Where(s => s["kind"].Str() == kind).Select(show));
        return
        [
            Cell.Name(b), $"{Cell.Text(b, "roleRef.kind")}/{Cell.Text(b, "roleRef.name")}", Cell.Age(b, now),
            Of("User", s => Cell.Text(s, "name")), Of("Group", s => Cell.Text(s, "name")),
            Of("ServiceAccount", s => $"{Cell.Text(s, "namespace")}/{Cell.Text(s, "name")}"),
        ];
    });

    /// <summary>rest.NewDefaultTableConvertor: what kinds without a printer (Roles, CRDs, …) show.</summary>
    public static ObjectPrinter Default() => new(
    [
        Docs.Name, new("Created At", "date", Docs.Meta("creationTimestamp")),
    ], (o, _) => [Cell.Name(o), Cell.Text(o, "metadata.creationTimestamp")]);
}
