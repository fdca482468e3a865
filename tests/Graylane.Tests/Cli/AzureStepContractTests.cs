using System.Text.RegularExpressions;
using Graylane.Cli;
using Graylane.Tests.Support;

namespace Graylane.Tests.Cli;

/// <summary>A real step run as the Azure task runs it: INPUT_ variables, a Kubernetes service connection, ##vso commands.</summary>
public class AzureStepContractTests
{
    [Fact]
    public async Task Deploy_gray_uses_the_service_connection_and_never_logs_its_token()
    {
        await using var c = await ClusterFixture.StartAsync();
        var env = new Dictionary<string, string>
        {
            ["TF_BUILD"] = "True",
            ["BUILD_REQUESTEDFOR"] = "Mei Lin",
            ["BUILD_BUILDID"] = "314",
            ["SYSTEM_COLLECTIONURI"] = "https://dev.azure.com/shop/",
            ["SYSTEM_TEAMPROJECT"] = "web",
            ["AGENT_TEMPDIRECTORY"] = Path.GetTempPath(),
            ["INPUT_KUBERNETESSERVICECONNECTION"] = "prod-cluster",
            ["ENDPOINT_DATA_prod-cluster_AUTHORIZATIONTYPE"] = "Kubeconfig",
            ["ENDPOINT_AUTH_PARAMETER_prod-cluster_KUBECONFIG"] = File.ReadAllText(c.Kubeconfig),
            ["INPUT_SERVICE"] = "nginx-service",
            ["INPUT_IMAGE"] = "nginx:1.27",
            ["INPUT_VERSION"] = "v2",
            ["INPUT_TIMEOUT"] = "20s",
        };
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        var code = await CommandDispatcher.RunAsync(["deploy-gray"], env, stdout, stderr, CancellationToken.None);

        var log = stdout + "\n" + stderr;
        Assert.True(code == 0, log);
        Assert.NotNull(c.Deployment("nginx-v2"));
        const string token = "graylane-local-token";
        Assert.Contains($"##vso[task.setsecret]{token}", log);
        Assert.Equal(Regex.Matches(log, $"setsecret\\]{token}").Count, Regex.Matches(log, token).Count);
        Assert.Contains("##vso[task.setvariable variable=grayWorkload;isOutput=true]nginx-v2", log);
        Assert.Contains("##vso[task.setvariable variable=gray-workload;isOutput=true]nginx-v2", log);
        Assert.Contains("##vso[task.complete result=Succeeded;]", log);
        Assert.Contains("Mei Lin", c.Server.Get("v1", "ConfigMap", "default", "graylane-nginx-service")!.ToJsonString());
    }
}
