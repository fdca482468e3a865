namespace Graylane.LocalCluster.Tests.Api;

public sealed class SeedTests
{
    private const string Seed = """
        apiVersion: v1
        kind: Namespace
        metadata: {name: shop}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: settings}
        data: {mode: "1"}
        ---
        apiVersion: networking.istio.io/v1beta1
        kind: VirtualService
        metadata: {name: web, namespace: default}
        spec:
          hosts: [web]
          http:
          - route:
            - destination: {host: web}
        """;

    [Fact]
    public async Task ApplyYaml_creates_then_replaces_and_validates_like_the_API()
    {
        await using var c = await TestCluster.StartAsync();
        await c.Server.ApplyYamlAsync(Seed, "shop");
        Assert.Equal("1", (string?)c.Server.Get("v1", "ConfigMap", "shop", "settings")!["data"]!["mode"]);
        Assert.Equal("networking.istio.io/v1", (string?)c.Server.List("networking.istio.io/v1", "VirtualService", "default").Single()["apiVersion"]);

        await c.Server.ApplyYamlAsync(Seed.Replace("mode: \"1\"", "mode: \"2\""), "shop");
        Assert.Equal("2", (string?)c.Server.Get("v1", "ConfigMap", "shop", "settings")!["data"]!["mode"]);

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            c.Server.ApplyYamlAsync("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: Bad_Name}\n"));
        Assert.Contains("is invalid", e.Message);
    }
}
