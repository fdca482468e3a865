using System.Text.Json.Nodes;
using Graylane.Core.Json;
using Graylane.Core.Planning;
using Graylane.Core.Validation;

namespace Graylane.Core.Manifests;

/// <summary>
/// The release the manifests ask for, planned against the live cluster without writing anything: for each Deployment
/// its baseline (same name, or the Deployment its Service selects), the field-level diff, the config copies and HPA
/// copies, and the gray Deployment — the manifest's own pod template plus the version label on selector and pods.
/// Everything else in the manifests is listed with its diff, to be applied at promote.
/// </summary>
public static class ManifestReleasePlanner
{
    public static ManifestPlan Plan(ManifestSet set, ManifestLiveState live, ManifestReleaseSettings settings)
    {
        var deployments = new List<DeploymentRelease>();
        var configs = new List<ConfigChange>();
        foreach (var manifest in set.Deployments)
        {
            var release = PlanDeployment(set, manifest, live, settings);
            deployments.Add(release);
            foreach (var c in release.Configs)
                if (!configs.Any(x => x.Manifest == c.Manifest)) configs.Add(c);
        }
        var others = set.Objects
            .Where(o => !o.IsDeployment && !configs.Any(c => c.Manifest == o))
            .Select(o => Other(o, live.Live(o), settings.Namespace))
            .ToList();
        return new ManifestPlan(deployments, configs, others);
    }

    /// <summary>The version the manifests carry in their pod templates' version label, when they agree on one.</summary>
    public static string? VersionInManifests(ManifestSet set, string versionLabel)
    {
        var values = set.Deployments
            .Select(d => (string?)d.Object["spec"]?["template"]?["metadata"]?["labels"]?[versionLabel])
            .OfType<string>().Distinct().ToList();
        return values.Count == 1 ? values[0] : null;
    }

    private static DeploymentRelease PlanDeployment(ManifestSet set, ManifestObject manifest, ManifestLiveState live, ManifestReleaseSettings settings)
    {
        var template = (JsonObject)manifest.Object["spec"]!["template"]!;
        var manifestVersion = (string?)template["metadata"]?["labels"]?[settings.VersionLabel];
        if (manifestVersion is not null && manifestVersion != settings.Version)
            throw ManifestLoader.Bad(manifest.Source, $"spec.template.metadata.labels.{settings.VersionLabel}",
                $"{manifest.Title}'s pods are labelled {settings.VersionLabel}: {manifestVersion}, but the release's version is {settings.Version}; " +
                $"pass --version {manifestVersion} or change the label");
        var (baseline, service) = FindBaseline(set, manifest, live);
        if (baseline is null)
            return new DeploymentRelease(manifest, null, [], [], null, [], service);

        var diff = Diff(baseline, manifest.Object);
        var podSpec = (JsonObject)template["spec"]!;
        var configs = ConfigVersioning.Plan(set, podSpec, settings.Version, (kind, name) =>
            set.Find("", kind, name) is { } m ? live.Live(m) : null);
        var changed = diff.Any(d => d.Path.StartsWith("spec.template", StringComparison.Ordinal)) || configs.Any(c => c.Action != ConfigAction.Unchanged);
        if (!changed)
            return new DeploymentRelease(manifest, baseline, diff, configs, null, [], service);

        var baseName = manifest.Name;
        var grayName = GrayDeploymentPlanner.GrayName(baseName, settings.Version);
        if (grayName == Obj.Name(baseline))
            throw new InvalidInputException("version", $"--version {settings.Version} would name the gray Deployment {grayName}, the baseline's own name; choose a new version");
        var gray = Gray(manifest, baseline, configs, grayName, settings);
        var hpaSources = HpaCopies.Targeting(live.Autoscalers, Obj.Name(baseline))
            .Select(h => set.Find("autoscaling", "HorizontalPodAutoscaler", Obj.Name(h))?.Object ?? h);
        var autoscalers = hpaSources.Select(h => HpaCopies.Copy(h, grayName, settings.App, settings.Version, settings.Namespace)).ToList();
        return new DeploymentRelease(manifest, baseline, diff, configs, gray, autoscalers, service);
    }

    /// <summary>The live Deployment of the same name; else the one a Service in front of the manifest's pods selects.</summary>
    private static (JsonObject? Baseline, string? Service) FindBaseline(ManifestSet set, ManifestObject manifest, ManifestLiveState live)
    {
        var podLabels = Obj.StringMap(manifest.Object["spec"]?["template"]?["metadata"]?["labels"]);
        // The Services that front these pods: those in the manifests first (by name, as they are live), then live ones.
        var serviceNames = set.Objects.Where(o => o.Is("", "Service") && Selects(o.Object, podLabels)).Select(o => o.Name)
            .Concat(live.Services.Where(s => Selects(s, podLabels)).Select(Obj.Name))
            .Distinct().ToList();
        var byName = live.Deployments.FirstOrDefault(d => Obj.Name(d) == manifest.Name);
        var service = serviceNames.FirstOrDefault(n => live.Services.Any(s => Obj.Name(s) == n)) ?? serviceNames.FirstOrDefault();
        if (byName is not null) return (byName, service);
        foreach (var name in serviceNames)
        {
            if (live.Services.FirstOrDefault(s => Obj.Name(s) == name) is not { } liveService) continue;
            var selector = Obj.StringMap(liveService["spec"]?["selector"]);
            var selected = live.Deployments
                .Where(d => Obj.Matches(selector, Obj.StringMap(d["spec"]?["template"]?["metadata"]?["labels"])))
                .Where(d => (Obj.Int(d["spec"]?["replicas"]) ?? 1) > 0)
                .ToList();
            if (selected.Count == 1) return (selected[0], name);
            if (selected.Count > 1)
                throw ManifestLoader.Bad(manifest.Source, "metadata.name",
                    $"no Deployment {manifest.Name} runs yet, and Service {name} selects several ({string.Join(", ", selected.Select(Obj.Name))}), so the baseline is ambiguous; " +
                    "rename the Deployment in the manifests to the one that serves");
        }
        return (null, service);
    }

    private static bool Selects(JsonObject service, IReadOnlyDictionary<string, string> podLabels) =>
        Obj.Matches(Obj.StringMap(service["spec"]?["selector"]), podLabels);

    /// <summary>The pod template (and the Deployment spec around it) against the baseline; replicas are the release's to decide.</summary>
    public static IReadOnlyList<DiffEntry> Diff(JsonObject baseline, JsonObject manifestDeployment)
    {
        // A restart (kubectl rollout restart, Graylane's config fingerprint) is not a change of what the pods run.
        var before = baseline["spec"] is JsonObject b ? ConfigVersioning.WithoutRestartAnnotations(b) : [];
        var after = manifestDeployment["spec"] is JsonObject a ? ConfigVersioning.WithoutRestartAnnotations(a) : [];
        before.Remove("replicas");
        after.Remove("replicas");
        return ObjectDiff.Compare(before, after, "spec");
    }

    private static JsonObject Gray(ManifestObject manifest, JsonObject baseline, IReadOnlyList<ConfigChange> configs, string grayName, ManifestReleaseSettings s)
    {
        var gray = ServerFields.Strip(manifest.Object);
        var meta = Obj.Metadata(gray);
        meta["name"] = grayName;
        meta["namespace"] = s.Namespace;
        if (meta["annotations"] is JsonObject ann) ann.Remove("kubectl.kubernetes.io/last-applied-configuration");
        Obj.SetLabel(gray, s.VersionLabel, s.Version);
        Obj.SetAnnotation(gray, GrayDeploymentPlanner.AppAnnotation, s.App);
        Obj.SetAnnotation(gray, GrayDeploymentPlanner.VersionAnnotation, s.Version);
        Obj.SetAnnotation(gray, GrayDeploymentPlanner.BaseNameAnnotation, manifest.Name);
        Obj.SetAnnotation(gray, GrayDeploymentPlanner.BaselineAnnotation, Obj.Name(baseline));
        var spec = Obj.Child(gray, "spec");
        Obj.Child(Obj.Child(spec, "selector"), "matchLabels")[s.VersionLabel] = s.Version;
        var template = Obj.Child(spec, "template");
        Obj.Child(Obj.Child(template, "metadata"), "labels")[s.VersionLabel] = s.Version;
        spec["replicas"] = s.Replicas ?? Obj.Int(baseline["spec"]?["replicas"]) ?? Obj.Int(manifest.Object["spec"]?["replicas"]) ?? 1;
        ConfigVersioning.ReadCopies(Obj.Child(template, "spec"), configs);
        return gray;
    }

    private static OtherObjectChange Other(ManifestObject manifest, JsonObject? live, string ns)
    {
        var wanted = Obj.Clone(manifest.Object);
        Obj.Metadata(wanted)["namespace"] = ns;
        if (live is null)
            return new OtherObjectChange(manifest, null, ObjectAction.Create,
                manifest.IsConfigMap || manifest.IsSecret ? ConfigData.DiffLines(null, wanted) : ["+ (new object)"]);
        IReadOnlyList<string> diff;
        if (manifest.IsConfigMap || manifest.IsSecret)
        {
            diff = [.. ConfigData.DiffLines(live, wanted), .. MetadataDiff(live, wanted)];
        }
        else
        {
            var before = ServerFields.Strip(live);
            var after = ServerFields.Strip(wanted);
            diff = DiffText.Lines(ObjectDiff.Compare(before, after, applied: AppliedObject.LastAppliedOf(live)));
        }
        return new OtherObjectChange(manifest, live, diff.Count == 0 ? ObjectAction.Unchanged : ObjectAction.Update, diff);
    }

    private static IReadOnlyList<string> MetadataDiff(JsonObject live, JsonObject wanted)
    {
        var before = new JsonObject { ["labels"] = live["metadata"]?["labels"]?.DeepClone(), ["annotations"] = live["metadata"]?["annotations"]?.DeepClone() };
        var after = new JsonObject { ["labels"] = wanted["metadata"]?["labels"]?.DeepClone(), ["annotations"] = wanted["metadata"]?["annotations"]?.DeepClone() };
        return DiffText.Lines(ObjectDiff.Compare(before, after, "metadata"));
    }
}
