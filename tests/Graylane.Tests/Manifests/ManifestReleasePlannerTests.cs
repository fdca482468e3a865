using System.Text.Json.Nodes;
using Graylane.Core.Json;
using Graylane.Core.Manifests;
using Graylane.Core.Planning;
using Graylane.Core.Validation;

namespace Graylane.Tests.Manifests;

public class ManifestReleasePlannerTests
{
    private static ManifestPlan Plan(string yaml, List<JsonObject>? live = null, string version = "v2", int? replicas = null) =>
        ManifestReleasePlanner.Plan(WebApp.Set(yaml), WebApp.State(live ?? WebApp.Live()), WebApp.Settings(version, replicas));

    [Fact]
    public void The_same_manifests_as_the_cluster_are_nothing_to_release()
    {
        var plan = Plan(WebApp.Yaml);
        Assert.True(plan.NothingToRelease);
        Assert.False(plan.FirstRelease);
        Assert.Empty(plan.Changed);
        Assert.Empty(plan.AppliedAtPromote);
        Assert.Equal("web", plan.Deployments.Single().BaselineName);
    }

    [Fact]
    public void A_restarted_baseline_is_still_nothing_to_release()
    {
        // kubectl rollout restart, or Graylane's config fingerprint after an in-place promote of a config change:
        // the pods were replaced, but they run what the manifests say.
        var live = WebApp.Live();
        var web = live.Single(o => (string?)o["kind"] == "Deployment");
        web["spec"]!["template"]!["metadata"]!["annotations"] = new JsonObject
        {
            ["kubectl.kubernetes.io/restartedAt"] = "2026-12-01T10:00:00Z",
            [ConfigVersioning.ConfigHashAnnotation] = "0123456789abcdef",
        };
        Assert.True(Plan(WebApp.Yaml, live).NothingToRelease);
    }

    [Fact]
    public void The_config_fingerprint_depends_on_the_changed_content_only_not_its_order()
    {
        var a = ConfigVersioning.ConfigHash([("ConfigMap", "web-config", "h1"), ("Secret", "web-secret", "h2")]);
        Assert.Equal(a, ConfigVersioning.ConfigHash([("Secret", "web-secret", "h2"), ("ConfigMap", "web-config", "h1")]));
        Assert.NotEqual(a, ConfigVersioning.ConfigHash([("ConfigMap", "web-config", "h3"), ("Secret", "web-secret", "h2")]));
        Assert.Null(ConfigVersioning.ConfigHash([]));
        var stamped = ConfigVersioning.WithConfigHash(WebApp.Live().Single(o => (string?)o["kind"] == "Deployment"), a!);
        Assert.Equal(a, (string?)stamped["spec"]!["template"]!["metadata"]!["annotations"]![ConfigVersioning.ConfigHashAnnotation]);
    }

    [Fact]
    public void Nothing_running_yet_is_a_first_release()
    {
        var plan = Plan(WebApp.Yaml, []);
        Assert.True(plan.FirstRelease);
        Assert.False(plan.NothingToRelease);
        Assert.Null(plan.Deployments.Single().Gray);
    }

    [Fact]
    public void The_gray_is_the_manifest_template_plus_the_version_label_and_reads_the_config_copies()
    {
        var yaml = WebApp.Yaml.Replace("greeting: hello-v1", "greeting: hello-v2").Replace("cpu: 100m", "cpu: 200m");
        var plan = Plan(yaml);
        var web = plan.Changed.Single();
        var gray = web.Gray!;
        Assert.Equal("web-v2", Obj.Name(gray));
        Assert.Equal("shop", Obj.Namespace(gray));
        Assert.Equal("v2", (string?)gray["spec"]!["selector"]!["matchLabels"]!["version"]);
        Assert.Equal("web", (string?)gray["spec"]!["selector"]!["matchLabels"]!["app"]);
        Assert.Equal("v2", (string?)gray["spec"]!["template"]!["metadata"]!["labels"]!["version"]);
        Assert.Equal(2, (int?)gray["spec"]!["replicas"]);
        Assert.Equal("200m", (string?)gray["spec"]!["template"]!["spec"]!["containers"]![0]!["resources"]!["requests"]!["cpu"]);
        Assert.Equal("web-config-v2", (string?)gray["spec"]!["template"]!["spec"]!["containers"]![0]!["env"]![0]!["valueFrom"]!["configMapKeyRef"]!["name"]);
        Assert.Equal("web", Obj.Annotation(gray, GrayDeploymentPlanner.BaseNameAnnotation));
        Assert.Equal("web", Obj.Annotation(gray, GrayDeploymentPlanner.BaselineAnnotation));
        Assert.Equal(["~ spec.template.spec.containers[web].resources.requests.cpu: \"100m\" -> \"200m\""], DiffText.Lines(web.Diff));
        Assert.Equal(ConfigAction.Copy, web.Configs.Single(c => c.Name == "web-config").Action);
        // The manifests' objects themselves are not changed by planning (promote applies them as written).
        Assert.Equal("web-config", (string?)WebApp.Set(yaml).Deployments.Single().Object["spec"]!["template"]!["spec"]!["containers"]![0]!["env"]![0]!["valueFrom"]!["configMapKeyRef"]!["name"]);
    }

    [Fact]
    public void A_config_change_alone_is_a_release()
    {
        var plan = Plan(WebApp.Yaml.Replace("level=info", "level=debug"));
        var web = plan.Changed.Single();
        Assert.Empty(web.Diff);
        Assert.Equal("web-files-v2", web.Configs.Single(c => c.Action == ConfigAction.Copy).ReadAs);
    }

    [Fact]
    public void The_hpa_on_the_baseline_is_copied_for_the_gray_with_the_same_bounds_and_metrics()
    {
        var live = WebApp.Live();
        var plan = Plan(WebApp.Yaml.Replace("cpu: 100m", "cpu: 200m").Replace("maxReplicas: 10", "maxReplicas: 12"), live);
        var copy = plan.Changed.Single().Autoscalers.Single();
        Assert.Equal("web-v2", Obj.Name(copy));
        Assert.Equal("web-v2", (string?)copy["spec"]!["scaleTargetRef"]!["name"]);
        Assert.Equal(2, (int?)copy["spec"]!["minReplicas"]);
        Assert.Equal(12, (int?)copy["spec"]!["maxReplicas"]); // the manifests' bounds: the new version's
        Assert.Equal(70, (int?)copy["spec"]!["metrics"]![0]!["resource"]!["target"]!["averageUtilization"]);
        Assert.Null(copy["metadata"]!["uid"]);
        // The original HPA is applied at promote with its diff.
        var hpa = plan.AppliedAtPromote.Single(o => o.Manifest.Kind == "HorizontalPodAutoscaler");
        Assert.Equal(["~ spec.maxReplicas: 10 -> 12"], hpa.Diff);
    }

    [Fact]
    public void Replicas_come_from_the_flag_else_the_baseline_else_the_manifest()
    {
        var changed = WebApp.Yaml.Replace("cpu: 100m", "cpu: 200m");
        var live = WebApp.Live();
        live.First(o => (string?)o["kind"] == "Deployment")["spec"]!["replicas"] = 5;
        Assert.Equal(5, (int?)Plan(changed, live).Changed.Single().Gray!["spec"]!["replicas"]);
        Assert.Equal(1, (int?)Plan(changed, live, replicas: 1).Changed.Single().Gray!["spec"]!["replicas"]);
        live.First(o => (string?)o["kind"] == "Deployment")["spec"]!.AsObject().Remove("replicas");
        Assert.Equal(2, (int?)Plan(changed, live).Changed.Single().Gray!["spec"]!["replicas"]);
    }

    [Fact]
    public void Other_kinds_are_listed_with_their_diff_to_apply_at_promote()
    {
        var yaml = WebApp.Yaml.Replace("targetPort: 8080", "targetPort: 9090") + """

            ---
            apiVersion: policy/v1
            kind: PodDisruptionBudget
            metadata: {name: web}
            spec:
              minAvailable: 1
              selector: {matchLabels: {app: web}}
            """;
        var plan = Plan(yaml);
        Assert.True(plan.NothingToRelease); // no pod changes
        var service = plan.AppliedAtPromote.Single(o => o.Manifest.Kind == "Service");
        Assert.Equal(ObjectAction.Update, service.Action);
        Assert.Equal(["~ spec.ports[80].targetPort: 8080 -> 9090"], service.Diff);
        Assert.Equal(ObjectAction.Create, plan.AppliedAtPromote.Single(o => o.Manifest.Kind == "PodDisruptionBudget").Action);
        // Config that no new pod template reads is just another object.
        Assert.DoesNotContain(plan.Others, o => o.Manifest.IsConfigMap);
    }

    [Fact]
    public void The_baseline_is_the_deployment_the_service_selects_when_none_has_the_manifest_name()
    {
        var live = WebApp.Live();
        var deployment = live.First(o => (string?)o["kind"] == "Deployment");
        deployment["metadata"]!["name"] = "web-v7"; // renamed by an earlier replace-mode promote
        var plan = Plan(WebApp.Yaml.Replace("cpu: 100m", "cpu: 200m"), live);
        var web = plan.Changed.Single();
        Assert.Equal("web-v7", web.BaselineName);
        Assert.Equal("web", web.Service);
        Assert.Equal("web-v2", Obj.Name(web.Gray!));
    }

    [Fact]
    public void A_version_label_in_the_manifests_must_agree_with_the_release_version()
    {
        var yaml = WebApp.Yaml.Replace("      labels:\n        app: web\n    spec:", "      labels:\n        app: web\n        version: v3\n    spec:");
        Assert.Equal("v3", ManifestReleasePlanner.VersionInManifests(WebApp.Set(yaml), "version"));
        var ex = Assert.Throws<InvalidInputException>(() => Plan(yaml));
        Assert.Equal("manifests", ex.Input);
        Assert.Contains("spec.template.metadata.labels.version", ex.Message);
        Assert.Contains("--version v3", ex.Message);
        Assert.Contains(Plan(yaml, version: "v3").Changed.Single().Diff, d => d.Path.Contains("labels.version"));
    }

    [Fact]
    public void Secret_values_appear_nowhere_in_the_plan_text()
    {
        var plan = Plan(WebApp.Yaml.Replace("api-key: s3cr3t-v1", "api-key: s3cr3t-v2"), WebApp.Live());
        var text = string.Join("\n", plan.Configs.SelectMany(c => c.Diff).Concat(plan.Others.SelectMany(o => o.Diff)).Concat(plan.Changed.SelectMany(d => DiffText.Lines(d.Diff))));
        Assert.DoesNotContain("s3cr3t", text);
        Assert.DoesNotContain(Convert.ToBase64String("s3cr3t-v2"u8.ToArray()), text);
        Assert.Contains("<secret>", text);
    }
}
