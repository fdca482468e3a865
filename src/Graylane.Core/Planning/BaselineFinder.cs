using System.Text.Json.Nodes;
using Graylane.Core.Json;
using Graylane.Core.Validation;

namespace Graylane.Core.Planning;

/// <summary>Finds the baseline Deployment behind a Service the way the Service itself does: by its pods' labels.</summary>
public static class BaselineFinder
{
    public static BaselineMatch FromService(JsonObject service, IReadOnlyList<JsonObject> deployments)
    {
        var name = Obj.Name(service);
        var selector = Obj.StringMap(service["spec"]?["selector"]);
        if (selector.Count == 0)
            throw new InvalidInputException("service",
                $"Service {name} has no selector, so it cannot be switched between versions; give the Deployment with --workload instead");

        // A Service selects pods, so compare with each Deployment's pod template labels, not its own labels.
        var matching = deployments
            .Where(d => Obj.Matches(selector, Obj.StringMap(d["spec"]?["template"]?["metadata"]?["labels"])))
            .Where(d => (Obj.Int(d["spec"]?["replicas"]) ?? 1) > 0)
            .ToList();
        if (matching.Count == 0)
        {
            var near = deployments
                .Where(d => Obj.Matches(selector, Obj.Labels(d)))
                .Select(d => $"{Obj.Name(d)} (pods labelled {Obj.Format(Obj.StringMap(d["spec"]?["template"]?["metadata"]?["labels"]))})")
                .ToList();
            var hint = near.Count > 0
                ? $" Deployment {string.Join(", ", near)} carries the selector's labels on the Deployment but not on its pods: a Service selects pods, so fix spec.template.metadata.labels or the Service selector."
                : $" Deployments in the namespace: {(deployments.Count == 0 ? "none" : string.Join(", ", deployments.Select(Obj.Name)))}.";
            throw new InvalidInputException("service",
                $"Service {name} selects no running Deployment (selector {Obj.Format(selector)}).{hint}");
        }
        if (matching.Count > 1)
            throw new InvalidInputException("service",
                $"Service {name} (selector {Obj.Format(selector)}) selects pods of several Deployments: {string.Join(", ", matching.Select(Obj.Name))}; give the baseline with --workload");

        var baseline = matching[0];
        var warnings = new List<string>();
        var deploymentLabels = Obj.Labels(baseline);
        var mismatched = selector.Where(kv => !deploymentLabels.TryGetValue(kv.Key, out var v) || v != kv.Value).ToList();
        if (mismatched.Count > 0)
            warnings.Add(
                $"Deployment {Obj.Name(baseline)} is labelled {Obj.Format(deploymentLabels)} but its pods are labelled to match Service {name} " +
                $"({Obj.Format(selector)}); Graylane follows the pod labels. Align the Deployment's metadata.labels to avoid confusing other tools.");
        return new BaselineMatch(baseline, warnings);
    }
}
