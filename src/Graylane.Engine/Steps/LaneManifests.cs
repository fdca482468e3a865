using System.Text.Json.Nodes;
using Graylane.Core.Json;
using Graylane.Core.Manifests;
using Graylane.Core.Validation;
using Graylane.Engine.Manifests;
using Graylane.Engine.Routing.Lanes;
using Graylane.Kubernetes;

namespace Graylane.Engine.Steps;

/// <summary>
/// deploy-gray --manifests with a lane router (--router lanes|asm-lanes) and manifests holding several Deployments: the
/// services whose pod template differs from their lane baseline are the changed ones, so --services is derived (and
/// printed) instead of given. Only they get lane Deployments, planned from the baseline with the manifests' pod spec; the
/// others fall back to their baselines as with --services. Lanes do not version config: a ConfigMap or Secret a changed
/// service reads whose content differs from the cluster is refused (a lane shares its baselines' config).
/// </summary>
public static class LaneManifests
{
    /// <summary>A changed service: the image its lane runs and the Deployment its lane Deployment is planned from.</summary>
    public sealed record Change(string Service, string Image, JsonObject Source, IReadOnlyList<DiffEntry> Diff);

    /// <summary>Reads --manifests and applies --image/--images, before anything is read from the cluster (bad input exits 2 first).</summary>
    public static ManifestSet Load(StepContext ctx, StepInputs inputs)
    {
        if (inputs.Get("services") is not null)
            throw new InvalidInputException("services",
                "--services does not go with --manifests: the services a lane release changes are derived from the manifests (those whose pod template differs from their baseline)");
        var set = ManifestLoader.Load(inputs.Require("manifests"), new DiskManifestFiles(ctx.StandardInput, ctx.WorkingDirectory), ctx.Namespace);
        foreach (var line in ManifestImages.Apply(set, inputs.Get("image"), inputs.Get("images"))) ctx.Info($"Image: {line}");
        return set;
    }

    /// <param name="baselines">Each service's baseline lane (the version untagged requests reach).</param>
    public static async Task<IReadOnlyList<Change>> DeriveAsync(StepContext ctx, ManifestSet set, IReadOnlyList<string> services,
        IReadOnlyDictionary<string, string> baselines, string versionLabel, IReadOnlyList<JsonObject> deployments, CancellationToken ct)
    {
        var changes = new List<Change>();
        var claimed = new HashSet<ManifestObject>();
        foreach (var service in services)
        {
            var selector = Obj.StringMap((await LaneWorkloads.ServiceAsync(ctx, service, "app-services", ct))["spec"]?["selector"]);
            var manifests = set.Deployments.Where(d => selector.Count > 0 && Obj.Matches(selector, PodLabels(d.Object))).ToList();
            if (manifests.Count == 0) continue; // not in the manifests: it stays as it is
            if (manifests.Count > 1)
                throw ManifestLoader.Bad(manifests[1].Source, "spec.template.metadata.labels",
                    $"Service {service} selects the pods of several Deployments of the manifests ({string.Join(", ", manifests.Select(m => m.Name))}); a lane release needs one per service");
            var manifest = manifests[0];
            claimed.Add(manifest);
            var versions = await LaneWorkloads.VersionsAsync(ctx, service, versionLabel, deployments, ct);
            var baseline = versions.GetValueOrDefault(baselines[service])
                ?? throw new InvalidInputException("manifests", $"{service} falls back to {baselines[service]}, but no Deployment behind Service {service} runs {versionLabel}={baselines[service]}");
            var diff = LaneTemplates.Diff(baseline, manifest.Object, versionLabel);
            if (diff.Count == 0)
            {
                ctx.Info($"{service}: {manifest.Title}'s pod template matches its baseline {Obj.Name(baseline)}");
                continue;
            }
            await RefuseConfigChangesAsync(ctx, set, manifest, service, ct);
            var containers = Obj.Objects(manifest.Object["spec"]?["template"]?["spec"]?["containers"]).ToList();
            if (containers.Count != 1)
                throw ManifestLoader.Bad(manifest.Source, "spec.template.spec.containers",
                    $"{manifest.Title} has {containers.Count} containers; a lane Deployment runs a single container");
            changes.Add(new Change(service, (string?)containers[0]["image"] ?? "", LaneTemplates.Source(baseline, manifest.Object), diff));
        }
        foreach (var unclaimed in set.Deployments.Where(d => !claimed.Contains(d)))
            throw ManifestLoader.Bad(unclaimed.Source, "spec.template.metadata.labels",
                $"{unclaimed.Title}'s pods are behind none of the app's services ({string.Join(", ", services)}); add its service to --app-services or leave it out of the manifests");
        foreach (var other in set.Objects.Where(o => !o.IsDeployment && !o.IsConfigMap && !o.IsSecret))
            ctx.Info($"{other.Title}: not applied by a lane release (lanes release pod templates); apply it with kubectl apply");
        return changes;
    }

    private static IReadOnlyDictionary<string, string> PodLabels(JsonObject deployment) => Obj.StringMap(deployment["spec"]?["template"]?["metadata"]?["labels"]);

    /// <summary>A lane shares its baselines' config, so changed config cannot be released in a lane: refused, naming it.</summary>
    private static async Task RefuseConfigChangesAsync(StepContext ctx, ManifestSet set, ManifestObject manifest, string service, CancellationToken ct)
    {
        if (manifest.Object["spec"]?["template"]?["spec"] is not JsonObject podSpec) return;
        foreach (var (kind, name) in ConfigReferences.Find(podSpec))
        {
            if (set.Find("", kind, name) is not { } config) continue;
            var live = await ctx.Kube.GetAsync(kind == ConfigReferences.Secret ? KubeResource.Secrets : KubeResource.ConfigMaps, ctx.Namespace, name, ct);
            if (live is not null && ConfigData.Same(live, config.Object)) continue;
            throw ManifestLoader.Bad(config.Source, "data",
                $"{config.Title}, read by {service}, {(live is null ? "does not exist yet" : "differs from the cluster")}; lane releases do not version config " +
                "(a lane shares its baselines' config): apply it first, or release it with --router service or istio");
        }
    }
}
