using Graylane.Core.Json;
using Graylane.Core.Planning;
using Graylane.Core.Validation;
using Graylane.Tests.Support;

namespace Graylane.Tests.Planning;

public class BaselineFinderTests
{
    [Fact]
    public void Finds_the_deployment_by_pod_labels_and_warns_about_the_seed_label_trap()
    {
        var match = BaselineFinder.FromService(SeedObjects.NginxService(), [SeedObjects.NginxDeployment()]);

        Assert.Equal("nginx", Obj.Name(match.Deployment));
        var warning = Assert.Single(match.Warnings);
        Assert.Contains("app=nginx", warning);
        Assert.Contains("nginx-service", warning);
    }

    [Fact]
    public void No_warning_when_deployment_labels_match_the_selector()
    {
        var d = SeedObjects.NginxDeployment();
        d["metadata"]!["labels"]!["app"] = "my-nginx";
        Assert.Empty(BaselineFinder.FromService(SeedObjects.NginxService(), [d]).Warnings);
    }

    [Fact]
    public void A_selector_that_matches_only_deployment_labels_is_explained()
    {
        var svc = SeedObjects.NginxService();
        svc["spec"]!["selector"] = J.O("{'app':'nginx'}");
        var ex = Assert.Throws<InvalidInputException>(() => BaselineFinder.FromService(svc, [SeedObjects.NginxDeployment()]));
        Assert.Equal("service", ex.Input);
        Assert.Contains("carries the selector's labels on the Deployment but not on its pods", ex.Message);
    }

    [Fact]
    public void Several_matching_deployments_are_refused()
    {
        var other = SeedObjects.NginxDeployment();
        other["metadata"]!["name"] = "nginx-copy";
        var ex = Assert.Throws<InvalidInputException>(() => BaselineFinder.FromService(SeedObjects.NginxService(), [SeedObjects.NginxDeployment(), other]));
        Assert.Contains("nginx, nginx-copy", ex.Message);
        Assert.Contains("--workload", ex.Message);
    }

    [Fact]
    public void A_service_without_selector_is_refused()
    {
        var svc = SeedObjects.NginxService();
        ((System.Text.Json.Nodes.JsonObject)svc["spec"]!).Remove("selector");
        Assert.Contains("no selector", Assert.Throws<InvalidInputException>(() => BaselineFinder.FromService(svc, [])).Message);
    }

    [Fact]
    public void Scaled_down_deployments_are_not_baselines()
    {
        var d = SeedObjects.NginxDeployment();
        d["spec"]!["replicas"] = 0;
        Assert.Contains("selects no running Deployment", Assert.Throws<InvalidInputException>(() => BaselineFinder.FromService(SeedObjects.NginxService(), [d])).Message);
    }
}
