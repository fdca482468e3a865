using System.Text.Json.Nodes;
using Graylane.Core.Json;
using Graylane.Core.Validation;

namespace Graylane.Core.Planning.Istio;

/// <summary>
/// DestinationRule subsets for subset mode: one subset per version, selecting pods by the version label. Existing
/// subsets and the traffic policy are the user's and stay as they are; Graylane only appends what is missing.
/// </summary>
public static class DestinationRulePlanner
{
    /// <summary>
    /// Adds the missing subsets (subset name, version label value) to a copy of dr. A subset of the same name must
    /// select the same version; another subset already selecting the version is reused (see SubsetNames).
    /// </summary>
    public static SubsetPlan EnsureSubsets(JsonObject dr, string host, string versionLabel, IEnumerable<(string Subset, string Version)> subsets)
    {
        var ns = Obj.Namespace(dr);
        var drHost = (string?)dr["spec"]?["host"] ?? "";
        if (!IstioHosts.Same(drHost, host, ns))
            throw new InvalidInputException("destination-rule",
                $"DestinationRule {Obj.Name(dr)} is for host {drHost}, not {host}");
        KubeNames.LabelKey("version-label", versionLabel);
        var result = Obj.Clone(dr);
        var list = Obj.Child(result, "spec")["subsets"] as JsonArray ?? new JsonArray();
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        var changed = false;
        foreach (var (subset, version) in subsets)
        {
            KubeNames.DnsLabel("subset", subset);
            KubeNames.LabelValue("version", version);
            var existing = Obj.Objects(list).ToList();
            if (existing.FirstOrDefault(s => (string?)s["name"] == subset) is { } same)
            {
                var labels = Obj.StringMap(same["labels"]);
                if (labels.GetValueOrDefault(versionLabel) != version)
                    throw new InvalidInputException("subset",
                        $"DestinationRule {Obj.Name(dr)} already has a subset {subset} selecting {Obj.Format(labels)}, not {versionLabel}={version}; choose another subset name or fix the rule");
                names[subset] = subset;
                continue;
            }
            if (existing.FirstOrDefault(s => Selects(s, versionLabel, version)) is { } reuse)
            {
                names[subset] = (string?)reuse["name"] ?? subset;
                continue;
            }
            list.Add((JsonNode)Subset(subset, versionLabel, version));
            names[subset] = subset;
            changed = true;
        }
        if (changed) result["spec"]!["subsets"] = list;
        return new SubsetPlan(result, names, changed);
    }

    /// <summary>A DestinationRule of Graylane's for the host with the given subsets.</summary>
    public static JsonObject Create(string name, string ns, string host, string versionLabel, IEnumerable<(string Subset, string Version)> subsets)
    {
        KubeNames.DnsSubdomain("destination-rule", name);
        KubeNames.DnsLabel("namespace", ns);
        var dr = new JsonObject
        {
            ["apiVersion"] = VirtualServicePlanner.ApiVersion,
            ["kind"] = "DestinationRule",
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["namespace"] = ns,
                ["labels"] = new JsonObject { [VirtualServicePlanner.ManagedByLabel] = VirtualServicePlanner.ManagedByValue },
            },
            ["spec"] = new JsonObject { ["host"] = host, ["subsets"] = new JsonArray() },
        };
        return EnsureSubsets(dr, host, versionLabel, subsets).DestinationRule;
    }

    /// <summary>
    /// Subsets keyed on the version label can only tell the versions apart when every baseline pod and every gray pod
    /// carries the label, each side one value, and the values differ.
    /// </summary>
    public static void CheckLabelsUnambiguous(string versionLabel, IEnumerable<IReadOnlyDictionary<string, string>> baselinePods,
        IEnumerable<IReadOnlyDictionary<string, string>> grayPods)
    {
        var baseline = Side("baseline", versionLabel, baselinePods);
        var gray = Side("gray", versionLabel, grayPods);
        if (baseline == gray)
            throw new InvalidInputException("version-label",
                $"subset labels would be ambiguous: baseline and gray pods both carry {versionLabel}={baseline}, so a subset cannot select one version; give the gray version its own {versionLabel} value");
    }

    private static string Side(string side, string versionLabel, IEnumerable<IReadOnlyDictionary<string, string>> pods)
    {
        var values = pods.Select(p => p.GetValueOrDefault(versionLabel)).Distinct().ToList();
        if (values.Count == 0)
            throw new InvalidInputException("version-label", $"subset labels would be ambiguous: there are no {side} pods to read {versionLabel} from");
        if (values.Contains(null))
            throw new InvalidInputException("version-label",
                $"subset labels would be ambiguous: some {side} pods have no label {versionLabel}; label them (or choose the label that tells versions apart with --version-label)");
        if (values.Count > 1)
            throw new InvalidInputException("version-label",
                $"subset labels would be ambiguous: {side} pods carry several {versionLabel} values ({string.Join(", ", values)})");
        return values[0]!;
    }

    private static bool Selects(JsonObject subset, string versionLabel, string version)
    {
        var labels = Obj.StringMap(subset["labels"]);
        return labels.Count == 1 && labels.GetValueOrDefault(versionLabel) == version;
    }

    private static JsonObject Subset(string name, string versionLabel, string version) => new()
    {
        ["name"] = name,
        ["labels"] = new JsonObject { [versionLabel] = version },
    };
}
