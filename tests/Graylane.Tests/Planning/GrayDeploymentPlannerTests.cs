using System.Text.Json.Nodes;
using Graylane.Core.Json;
using Graylane.Core.Planning;
using Graylane.Core.Validation;
using Graylane.Tests.Support;

namespace Graylane.Tests.Planning;

public class GrayDeploymentPlannerTests
{
    private static GrayPlan Plan(IReadOnlyDictionary<string, string> images, int? replicas = null) =>
        new("nginx-service", "nginx-20230401095436", "nginx", "version", "20230401095436", images, replicas);

    [Fact]
    public void Gray_is_the_baseline_except_name_image_and_version_label()
    {
        var baseline = SeedObjects.NginxDeployment();
        var gray = GrayDeploymentPlanner.Plan(baseline, Plan(new Dictionary<string, string> { [""] = "nginx:1.27" }));

        Assert.Equal("nginx-20230401095436", Obj.Name(gray));
        Assert.Equal("20230401095436", (string?)gray["spec"]!["selector"]!["matchLabels"]!["version"]);
        Assert.Equal("20230401095436", (string?)gray["spec"]!["template"]!["metadata"]!["labels"]!["version"]);
        Assert.Equal("my-nginx", (string?)gray["spec"]!["template"]!["metadata"]!["labels"]!["app"]);
        Assert.Equal("nginx:1.27", (string?)gray["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]);

        // Everything else is the baseline's: replicas, env, resources, probes, volumes, strategy.
        var expected = ServerFields.Strip(baseline);
        expected["spec"]!["selector"]!["matchLabels"]!["version"] = "20230401095436";
        expected["spec"]!["template"]!["metadata"]!["labels"]!["version"] = "20230401095436";
        expected["spec"]!["template"]!["spec"]!["containers"]![0]!["image"] = "nginx:1.27";
        Assert.True(JsonNode.DeepEquals(expected["spec"], gray["spec"]));
    }

    [Fact]
    public void Server_fields_status_and_last_applied_are_not_copied_but_user_annotations_are()
    {
        var gray = GrayDeploymentPlanner.Plan(SeedObjects.NginxDeployment(), Plan(new Dictionary<string, string> { [""] = "nginx:1.27" }));
        var meta = gray["metadata"]!.AsObject();
        Assert.Null(meta["uid"]);
        Assert.Null(meta["resourceVersion"]);
        Assert.Null(gray["status"]);
        Assert.Null(meta["annotations"]!["kubectl.kubernetes.io/last-applied-configuration"]);
        Assert.Null(meta["annotations"]!["deployment.kubernetes.io/revision"]);
        Assert.Equal("web", (string?)meta["annotations"]!["team"]);
        Assert.Equal("nginx", (string?)meta["annotations"]![GrayDeploymentPlanner.BaselineAnnotation]);
        Assert.Equal("20230401095436", (string?)meta["labels"]!["version"]);
    }

    [Fact]
    public void Replicas_can_be_overridden()
    {
        var gray = GrayDeploymentPlanner.Plan(SeedObjects.NginxDeployment(), Plan(new Dictionary<string, string> { [""] = "nginx:1.27" }, 1));
        Assert.Equal(1, (int?)gray["spec"]!["replicas"]);
    }

    [Fact]
    public void Several_containers_need_images_by_name()
    {
        var baseline = SeedObjects.NginxDeployment();
        ((JsonArray)baseline["spec"]!["template"]!["spec"]!["containers"]!).Add(J.O("{'name':'proxy','image':'envoy:1.30'}"));

        var ex = Assert.Throws<InvalidInputException>(() => GrayDeploymentPlanner.Plan(baseline, Plan(new Dictionary<string, string> { [""] = "nginx:1.27" })));
        Assert.Equal("image", ex.Input);
        Assert.Contains("nginx=<image>,proxy=<image>", ex.Message);

        var gray = GrayDeploymentPlanner.Plan(baseline, Plan(new Dictionary<string, string> { ["proxy"] = "envoy:1.31" }));
        Assert.Equal("nginx:1.25", (string?)gray["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]);
        Assert.Equal("envoy:1.31", (string?)gray["spec"]!["template"]!["spec"]!["containers"]![1]!["image"]);

        var unknown = Assert.Throws<InvalidInputException>(() => GrayDeploymentPlanner.Plan(baseline, Plan(new Dictionary<string, string> { ["web"] = "x:1" })));
        Assert.Contains("\"web\"", unknown.Message);
    }

    [Theory]
    [InlineData("nginx", "v2", "nginx-v2")]
    [InlineData("nginx", "20230401095436", "nginx-20230401095436")]
    [InlineData("shop", "V2_rc.1", "shop-v2-rc-1")]
    public void Gray_names_are_base_name_and_version(string baseName, string version, string expected) =>
        Assert.Equal(expected, GrayDeploymentPlanner.GrayName(baseName, version));

    [Fact]
    public void Next_release_names_from_the_recorded_base_name()
    {
        var gray = GrayDeploymentPlanner.Plan(SeedObjects.NginxDeployment(), Plan(new Dictionary<string, string> { [""] = "nginx:1.27" }));
        Assert.Equal("nginx", GrayDeploymentPlanner.BaseNameOf(gray));
        Assert.Equal("nginx", GrayDeploymentPlanner.BaseNameOf(SeedObjects.NginxDeployment()));
    }

    [Fact]
    public void Too_long_gray_names_are_refused() =>
        Assert.Equal("version", Assert.Throws<InvalidInputException>(() => GrayDeploymentPlanner.GrayName(new string('a', 50), new string('b', 20))).Input);
}
