using System.Text;

namespace Graylane.Tests.Manifests;

/// <summary>
/// The vault Secret beside the record outlives a release: a rollback of the second release that changes a Secret restores
/// the content the second release started from, not the one the first release found.
/// </summary>
public class SecretAcrossReleasesTests
{
    private static string WithKey(string key) => InPlaceReleaseTests.V2.Replace("api-key: s3cr3t-v1", $"api-key: {key}");

    [Fact]
    public async Task Rollback_of_a_second_release_restores_the_secret_it_started_from()
    {
        await using var m = await ManifestCluster.StartAsync(WebApp.WithoutAutoscaler);
        await m.Cluster.Server.WaitIdleAsync();
        foreach (var (version, key) in new[] { ("v2", "s3cr3t-v2"), ("v3", "s3cr3t-v3") })
        {
            var file = m.Write($"k8s/{version}.yaml", WithKey(key).Replace("greeting: hello-v2", $"greeting: hello-{version}"));
            var (code, host) = await m.RunAsync("deploy-gray", ("manifests", file), ("version", version));
            Assert.True(code == 0, host.Log);
            (code, host) = await m.RunAsync("promote", ("app", "web"));
            Assert.True(code == 0, host.Log);
            Assert.Equal(key, ApiKey(m));
        }

        var (rc, rh) = await m.RunAsync("rollback", ("app", "web"));
        Assert.True(rc == 0, rh.Log);
        Assert.Equal("s3cr3t-v2", ApiKey(m));
        Assert.DoesNotContain("s3cr3t", rh.Log);
    }

    private static string ApiKey(ManifestCluster m) =>
        Encoding.UTF8.GetString(Convert.FromBase64String((string)m.Get("v1", "Secret", "web-secret")!["data"]!["api-key"]!));
}
