using System.Text.Json.Nodes;
using Graylane.Core.Json;

namespace Graylane.Core.Manifests;

/// <summary>One Deployment of the manifests against the cluster: its baseline, what changed, and the gray copy to start.</summary>
/// <param name="Baseline">The live Deployment it replaces (same name, or the one its Service selects); null on a first release.</param>
/// <param name="Diff">Field-level changes of the pod template (and the Deployment's spec) against the baseline.</param>
/// <param name="Configs">The config objects of the manifests its new pod template reads.</param>
/// <param name="Gray">The gray Deployment to create (null when nothing changed or on a first release).</param>
/// <param name="Autoscalers">Copies of the HPAs that target the baseline, targeting the gray.</param>
public sealed record DeploymentRelease(
    ManifestObject Manifest,
    JsonObject? Baseline,
    IReadOnlyList<DiffEntry> Diff,
    IReadOnlyList<ConfigChange> Configs,
    JsonObject? Gray,
    IReadOnlyList<JsonObject> Autoscalers,
    string? Service)
{
    public string Name => Manifest.Name;
    public string? BaselineName => Baseline is null ? null : Obj.Name(Baseline);
    public bool FirstRelease => Baseline is null;

    /// <summary>True when the pods would run something else: the template or config it reads differs from the baseline's.</summary>
    public bool Changed => Baseline is not null && (Diff.Any(d => d.Path.StartsWith("spec.template", StringComparison.Ordinal))
                                                    || Configs.Any(c => c.Action != ConfigAction.Unchanged));
}
