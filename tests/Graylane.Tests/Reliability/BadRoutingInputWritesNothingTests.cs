using Graylane.Tests.Support;

namespace Graylane.Tests.Reliability;

/// <summary>
/// Bad input writes nothing at all, the release's Lease included: deploy-gray checks the Istio selection (the
/// VirtualService, its route, the canary Service) by reads alone before it takes the lease. Counted over every API write.
/// </summary>
public class BadRoutingInputWritesNothingTests
{
    private const string Ratings = """
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: ratings, namespace: default}
        spec:
          hosts: [ratings]
          http: [{route: [{destination: {host: ratings}}]}]
        """;

    public static TheoryData<string, string, string, string> BadIstioInputs => new()
    {
        // input, value, what the error says, the flag it names
        { "virtual-service", "ratings", "ratings", "--virtual-service" },
        { "route", "no-such-route", "no-such-route", "--route" },
        { "canary-service", "reviews-canary", "not found", "--canary-service" },
    };

    [Theory]
    [MemberData(nameof(BadIstioInputs))]
    public async Task Bad_istio_input_to_deploy_gray_writes_nothing_not_even_a_lease(string input, string value, string says, string flag)
    {
        await using var c = await ClusterFixture.StartAsync(Bookinfo.Reviews + "\n---\n" + Bookinfo.UserIstio + "\n---\n" + Ratings, "reviews-v1");
        var writes = await c.WritesAsync();
        c.Server.Requests.Clear();
        var (code, host) = await c.RunAsync("deploy-gray", ("service", "reviews"), ("router", "istio"), ("image", "istio/examples-bookinfo-reviews-v2:1.16.2"),
            ("version", "v2"), (input, value));
        Assert.True(code == 2, $"exit {code}\n{host.Log}");
        Assert.Contains(host.Errors, e => e.Contains(says) && e.Contains(flag));
        Assert.Equal(writes, await c.WritesAsync());
        Assert.DoesNotContain(await c.RequestsAsync(), e => e.IsWrite); // no lease taken and given back either
        Assert.Null(c.Server.Get("coordination.k8s.io/v1", "Lease", "default", "graylane-reviews"));
        Assert.Null(c.Server.Get("v1", "ConfigMap", "default", "graylane-reviews"));
    }

    [Fact]
    public async Task The_same_release_with_good_input_is_accepted()
    {
        // Control: the refusals above are about the input, not the release.
        await using var c = await ClusterFixture.StartAsync(Bookinfo.Reviews + "\n---\n" + Bookinfo.UserIstio + "\n---\n" + Ratings, "reviews-v1");
        var (code, host) = await c.RunAsync("deploy-gray", ("service", "reviews"), ("router", "istio"), ("image", "istio/examples-bookinfo-reviews-v2:1.16.2"),
            ("version", "v2"), ("virtual-service", "reviews"), ("route", "primary"));
        Assert.True(code == 0, host.Log);
    }
}
