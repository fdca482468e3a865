using System.Text.Json.Nodes;
using Graylane.Core.Manifests;
using Graylane.Core.Validation;

namespace Graylane.Tests.Manifests;

public class ConfigVersioningTests
{
    private static (ManifestSet Set, List<JsonObject> Live) Release(Func<string, string> change)
    {
        var live = WebApp.Live();
        return (WebApp.Set(change(WebApp.Yaml)), live);
    }

    private static IReadOnlyList<ConfigChange> Plan(ManifestSet set, List<JsonObject> live) =>
        ConfigVersioning.Plan(set, (JsonObject)set.Deployments.Single().Object["spec"]!["template"]!["spec"]!, "v2",
            (kind, name) => live.FirstOrDefault(o => (string?)o["kind"] == kind && (string?)o["metadata"]!["name"] == name));

    [Fact]
    public void Unchanged_config_is_read_as_it_is_live()
    {
        var (set, live) = Release(y => y);
        var plan = Plan(set, live);
        Assert.Equal(["ConfigMap web-config", "Secret web-secret", "ConfigMap web-env", "ConfigMap web-files"], plan.Select(c => c.Manifest.Title));
        Assert.All(plan, c => Assert.Equal(ConfigAction.Unchanged, c.Action));
    }

    [Fact]
    public void Changed_config_gets_a_versioned_copy_read_only_by_the_gray_pods()
    {
        var (set, live) = Release(y => y.Replace("greeting: hello-v1", "greeting: hello-v2").Replace("api-key: s3cr3t-v1", "api-key: s3cr3t-v2"));
        var plan = Plan(set, live);
        var config = plan.Single(c => c.Name == "web-config");
        Assert.Equal(ConfigAction.Copy, config.Action);
        Assert.Equal("web-config-v2", config.ReadAs);
        Assert.Equal(["~ data.greeting: \"hello-v1\" -> \"hello-v2\""], config.Diff);
        var secret = plan.Single(c => c.Name == "web-secret");
        Assert.Equal("web-secret-v2", secret.ReadAs);
        Assert.Equal(["~ data.api-key: <secret> -> <secret>"], secret.Diff);
        Assert.DoesNotContain("s3cr3t", string.Join("\n", plan.SelectMany(c => c.Diff)) + string.Join("", plan.Select(c => c.Hash)));

        var podSpec = (JsonObject)set.Deployments.Single().Object["spec"]!["template"]!["spec"]!.DeepClone();
        ConfigVersioning.ReadCopies(podSpec, plan);
        var env = podSpec["containers"]![0]!["env"]!.AsArray();
        Assert.Equal("web-config-v2", (string?)env[0]!["valueFrom"]!["configMapKeyRef"]!["name"]);
        Assert.Equal("web-secret-v2", (string?)env[1]!["valueFrom"]!["secretKeyRef"]!["name"]);
        Assert.Equal("web-env", (string?)podSpec["containers"]![0]!["envFrom"]![0]!["configMapRef"]!["name"]);
        Assert.Equal("web-files", (string?)podSpec["volumes"]![0]!["configMap"]!["name"]);

        var copy = ConfigVersioning.CopyObject(config, "web", "v2", "shop");
        Assert.Equal("web-config-v2", (string?)copy["metadata"]!["name"]);
        Assert.Equal("hello-v2", (string?)copy["data"]!["greeting"]);
        Assert.Equal("web-config", (string?)copy["metadata"]!["annotations"]![ConfigVersioning.CopyOfAnnotation]);
    }

    [Fact]
    public void Projected_volumes_envFrom_and_secret_volumes_are_references_too()
    {
        var spec = (JsonObject)JsonNode.Parse("""
            {"containers":[{"name":"a","envFrom":[{"secretRef":{"name":"s1"}}]}],
             "initContainers":[{"name":"i","env":[{"name":"X","valueFrom":{"configMapKeyRef":{"name":"c1","key":"x"}}}]}],
             "volumes":[{"name":"v","secret":{"secretName":"s2"}},
                        {"name":"p","projected":{"sources":[{"configMap":{"name":"c2"}},{"secret":{"name":"s3"}},{"serviceAccountToken":{"path":"t"}}]}}]}
            """)!;
        Assert.Equal([("Secret", "s1"), ("ConfigMap", "c1"), ("Secret", "s2"), ("ConfigMap", "c2"), ("Secret", "s3")], ConfigReferences.Find(spec));
        var renamed = ConfigReferences.Rename(spec, new Dictionary<(string, string), string> { [("Secret", "s3")] = "s3-v2", [("ConfigMap", "c2")] = "c2-v2" });
        Assert.Equal(2, renamed);
        Assert.Equal("c2-v2", (string?)spec["volumes"]![1]!["projected"]!["sources"]![0]!["configMap"]!["name"]);
        Assert.Equal("s3-v2", (string?)spec["volumes"]![1]!["projected"]!["sources"]![1]!["secret"]!["name"]);
    }

    [Fact]
    public void Config_that_does_not_exist_yet_is_created_under_its_own_name()
    {
        // kustomize's configMapGenerator gives changed content a new hash-suffixed name.
        var (set, live) = Release(y => y.Replace("name: web-config", "name: web-config-5g2h7"));
        var plan = Plan(set, live);
        var created = plan.Single(c => c.Name == "web-config-5g2h7");
        Assert.Equal(ConfigAction.Create, created.Action);
        Assert.Equal("web-config-5g2h7", created.ReadAs);
    }

    [Fact]
    public void Secret_string_data_compares_with_the_live_base64_data()
    {
        var (set, live) = Release(y => y);
        var secret = set.Find("", "Secret", "web-secret")!.Object;
        Assert.True(ConfigData.Same(secret, live.First(o => (string?)o["kind"] == "Secret")));
        Assert.StartsWith("sha256:", ConfigData.Hash(secret));
    }

    [Fact]
    public void A_version_too_long_for_copy_names_is_refused()
    {
        var (set, live) = Release(y => y.Replace("greeting: hello-v1", "greeting: hello-v2").Replace("name: web-config", "name: " + new string('c', 240)));
        var ex = Assert.Throws<InvalidInputException>(() => ConfigVersioning.Plan(set,
            (JsonObject)set.Deployments.Single().Object["spec"]!["template"]!["spec"]!, new string('v', 20),
            (kind, name) => kind == "ConfigMap" ? live.First(o => (string?)o["metadata"]!["name"] == "web-config") : null));
        Assert.Equal("version", ex.Input);
    }
}
