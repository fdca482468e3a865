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
        KubeNames.LabelKey("version-label", versionLabel);
        return EnsureSubsets(dr, host, subsets.Select(s =>
        {
            KubeNames.LabelValue("version", s.Version);
            return (s.Subset, (IReadOnlyDictionary<string, string>)new Dictionary<string, string>(StringComparer.Ordinal) { [versionLabel] = s.Version });
        }));
    }

    /// <summary>
    /// Adds the missing subsets (subset name, the labels selecting exactly that version's pods — {version: v2}, or
    /// {pod-template-hash: 5d8f…} for a baseline without a version label) to a copy of dr. A subset of the same name
    /// must select those labels; another subset selecting exactly them is reused (see SubsetNames).
    /// </summary>
    public static SubsetPlan EnsureSubsets(JsonObject dr, string host, IEnumerable<(string Subset, IReadOnlyDictionary<string, string> Labels)> subsets)
    {
        var ns = Obj.Namespace(dr);
        var drHost = (string?)dr["spec"]?["host"] ?? "";
        if (!IstioHosts.Same(drHost, host, ns))
            throw new InvalidInputException("destination-rule",
                $"DestinationRule {Obj.Name(dr)} is for host {drHost}, not {host}");
        var result = Obj.Clone(dr);
        var list = Obj.Child(result, "spec")["subsets"] as JsonArray ?? new JsonArray();
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        var changed = false;
        foreach (var (subset, labels) in subsets)
        {
            KubeNames.DnsLabel("subset", subset);
            var existing = Obj.Objects(list).ToList();
            if (existing.FirstOrDefault(s => (string?)s["name"] == subset) is { } same)
            {
                var have = Obj.StringMap(same["labels"]);
                if (!labels.All(kv => have.TryGetValue(kv.Key, out var v) && v == kv.Value))
                    throw new InvalidInputException("subset",
                        $"DestinationRule {Obj.Name(dr)} already has a subset {subset} selecting {Obj.Format(have)}, not {Obj.Format(labels)}; choose another subset name or fix the rule");
                names[subset] = subset;
                continue;
            }
            if (existing.FirstOrDefault(s => Selects(s, labels)) is { } reuse)
            {
                names[subset] = (string?)reuse["name"] ?? subset;
                continue;
            }
            list.Add((JsonNode)new JsonObject { ["name"] = subset, ["labels"] = Obj.ToJson(labels) });
            names[subset] = subset;
            changed = true;
        }
        if (changed) result["spec"]!["subsets"] = list;
        return new SubsetPlan(result, names, changed);
    }

    /// <summary>A DestinationRule of Graylane's for the host with the given subsets.</summary>
    public static JsonObject Create(string name, string ns, string host, string versionLabel, IEnumerable<(string Subset, string Version)> subsets)
    {
        KubeNames.LabelKey("version-label", versionLabel);
        return Create(name, ns, host, subsets.Select(s =>
            (s.Subset, (IReadOnlyDictionary<string, string>)new Dictionary<string, string>(StringComparer.Ordinal) { [versionLabel] = KubeNames.LabelValue("version", s.Version) })));
    }

    /// <summary>A DestinationRule of Graylane's for the host with the given subsets (name, labels).</summary>
    public static JsonObject Create(string name, string ns, string host, IEnumerable<(string Subset, IReadOnlyDictionary<string, string> Labels)> subsets)
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
        return EnsureSubsets(dr, host, subsets).DestinationRule;
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

    private static bool Selects(JsonObject subset, IReadOnlyDictionary<string, string> labels)
    {
        var have = Obj.StringMap(subset["labels"]);
        return have.Count == labels.Count && labels.All(kv => have.TryGetValue(kv.Key, out var v) && v == kv.Value);
    }
}
