using Graylane.Tests.Support;

namespace Graylane.Tests.Reliability;

/// <summary>
/// The bad input only the cluster can reveal, per router: a routing object that is not there, one that does not route to
/// the Service, a --match the router cannot express or that would take another rule's requests. Each is refused before
/// the release lease or any write, exit 2, with the message naming the input and what would do instead.
/// </summary>
public class RouterBadInputTests
{
    private const string AdminOnly = """
        apiVersion: gateway.networking.k8s.io/v1
        kind: HTTPRoute
        metadata: {name: admin-only}
        spec:
          parentRefs: [{name: public, namespace: infra}]
          rules: [{backendRefs: [{name: admin, port: 8080}]}]
        """;

    /// <summary>Another team's route on the same gateway and host, older than web's: GET / with x-promo goes to it today.</summary>
    private const string Promo = """
        apiVersion: gateway.networking.k8s.io/v1
        kind: HTTPRoute
        metadata: {name: promo}
        spec:
          parentRefs: [{name: public, namespace: infra}]
          hostnames: [shop.example.com]
          rules:
          - matches: [{path: {type: PathPrefix, value: /}, headers: [{name: x-promo, value: "1"}]}]
            backendRefs: [{name: admin, port: 8080}]
        """;

    private static readonly (string, string)[] GatewayDeploy =
        [("service", "web"), ("router", "gateway-api"), ("http-route", "web"), ("image", "registry.example.com/shop/web:2.0"), ("version", "v2")];

    private static readonly (string, string)[] NginxDeploy =
        [("service", "web"), ("router", "nginx"), ("image", "registry.example.com/shop/web:2.0"), ("version", "v2")];

    /// <summary>Someone's own canary for the shop's / path: ingress-nginx takes one canary per host and path.</summary>
    private const string OtherCanary = """
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata:
          name: web-beta
          annotations: {nginx.ingress.kubernetes.io/canary: "true", nginx.ingress.kubernetes.io/canary-weight: "5"}
        spec:
          ingressClassName: nginx
          rules:
          - host: shop.example.com
            http:
              paths:
              - {path: /, pathType: Prefix, backend: {service: {name: web-canary, port: {number: 80}}}}
        """;

    public sealed record Case(string Seed, (string, string)[]? DeployFirst, string Step, (string, string)[] Inputs, string Input, string Says);

    public static readonly Dictionary<string, Case> Cases = new()
    {
        ["gateway-api: --http-route not found"] = new(GatewayShop.Yaml, null, "deploy-gray",
            [.. GatewayDeploy.Where(i => i.Item1 != "http-route"), ("http-route", "shop/nope")], "http-route", "no HTTPRoute of that name in namespace shop"),
        ["gateway-api: an HTTPRoute with no rule to the Service"] = new(GatewayShop.Yaml + "\n---\n" + AdminOnly, null, "deploy-gray",
            [.. GatewayDeploy.Where(i => i.Item1 != "http-route"), ("http-route", "admin-only")], "http-route", "has no rule whose backendRefs point at Service web"),
        ["gateway-api: --rule not found"] = new(GatewayShop.Yaml, null, "deploy-gray",
            [.. GatewayDeploy, ("rule", "checkout")], "rule", "its rules are \"admin\", \"main\""),
        ["gateway-api: --rule of another backend"] = new(GatewayShop.Yaml, null, "deploy-gray",
            [.. GatewayDeploy, ("rule", "admin")], "rule", "does not send traffic to Service web"),
        ["gateway-api: no HTTPRoute and no --gateway"] = new(GatewayShop.Infra + "\n---\n" + GatewayShop.App, null, "deploy-gray",
            [.. GatewayDeploy.Where(i => i.Item1 != "http-route")], "http-route", "give --gateway namespace/name to have Graylane create graylane-web"),
        ["gateway-api: --gateway not found"] = new(GatewayShop.Infra + "\n---\n" + GatewayShop.App, null, "deploy-gray",
            [.. GatewayDeploy.Where(i => i.Item1 != "http-route"), ("gateway", "infra/private")], "gateway", "no Gateway (gateway.networking.k8s.io) of that name"),
        ["gateway-api: --canary-service not found"] = new(GatewayShop.Yaml, null, "deploy-gray",
            [.. GatewayDeploy, ("canary-service", "web-next")], "canary-service", "--canary-service web-next not found"),
        ["gateway-api: --canary-service that does not select the gray pods"] = new(GatewayShop.Yaml, null, "deploy-gray",
            [.. GatewayDeploy, ("canary-service", "admin")], "canary-service", "does not pick the gray pods"),
        ["gateway-api: a version that makes no Service name"] = new(GatewayShop.Yaml, null, "deploy-gray",
            [.. GatewayDeploy.Where(i => i.Item1 != "version"), ("version", "V2")], "version", "give --canary-service NAME"),
        ["gateway-api: an Istio input"] = new(GatewayShop.Yaml, null, "deploy-gray",
            [.. GatewayDeploy, ("virtual-service", "web")], "virtual-service", "applies only to --router istio"),
        ["istio: a Gateway API input"] = new(GatewayShop.Yaml, null, "deploy-gray",
            [.. GatewayDeploy.Where(i => i.Item1 != "router"), ("router", "istio")], "http-route", "applies only to --router gateway-api"),
        ["gateway-api: a match that would take another route's requests"] = new(Promo + "\n---\n" + GatewayShop.Yaml, GatewayDeploy, "shift-traffic",
            [("app", "web"), ("match", "header:x-canary=true,header:x-region=eu")], "match", "would take requests that rule #1 (unnamed) of HTTPRoute default/promo serves today"),
        ["nginx: --ingress not found"] = new(NginxShop.Yaml, null, "deploy-gray",
            [.. NginxDeploy, ("ingress", "shop")], "ingress", "--ingress shop: no Ingress of that name in namespace default"),
        ["nginx: an Ingress with no path to the Service"] = new(NginxShop.Yaml, null, "deploy-gray",
            [.. NginxDeploy.Where(i => i.Item1 != "service"), ("service", "admin"), ("ingress", "web"), ("host", "m.example.com")], "ingress", "has no path for host m.example.com whose backend is Service admin"),
        ["nginx: no Ingress routes to the Service"] = new(GatewayShop.App, null, "deploy-gray",
            NginxDeploy, "ingress", "no Ingress in namespace default has a path to Service web; --router nginx canaries an existing Ingress: name it with --ingress"),
        ["nginx: another canary already takes the path"] = new(NginxShop.Yaml + "\n---\n" + OtherCanary, null, "deploy-gray",
            NginxDeploy, "ingress", "canary Ingress web-beta already takes shop.example.com/"),
        ["nginx: a Gateway API input"] = new(NginxShop.Yaml, null, "deploy-gray",
            [.. NginxDeploy, ("http-route", "web")], "http-route", "applies only to --router gateway-api (this release uses --router nginx)"),
        ["nginx: --mirror"] = new(NginxShop.Yaml, NginxDeploy, "shift-traffic",
            [("app", "web"), ("mirror", "10")], "mirror", "--mirror is not possible with --router nginx: ingress-nginx cannot mirror a percentage of requests"),
        ["nginx: --set-header"] = new(NginxShop.Yaml, NginxDeploy, "shift-traffic",
            [("app", "web"), ("set-header", "x-gray=1")], "set-header", "a canary Ingress ignores every annotation but the canary ones"),
        ["nginx: a query match"] = new(NginxShop.Yaml, NginxDeploy, "shift-traffic",
            [("app", "web"), ("match", "query:name=xiaoming")], "match", "Routers that can match a query parameter exactly: --router istio, gateway-api"),
        ["nginx: a cookie value other than always"] = new(NginxShop.Yaml, NginxDeploy, "shift-traffic",
            [("app", "web"), ("match", "cookie:user=qa-1")], "match", "use --match cookie:user=always"),
    };

    public static TheoryData<string> Names() => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(Names))]
    public async Task Refused_before_any_write_naming_the_input(string name)
    {
        var k = Cases[name];
        await using var c = await ClusterFixture.StartAsync(k.Seed, "web");
        if (k.DeployFirst is { } deploy)
        {
            var (deployed, log) = await c.RunAsync("deploy-gray", deploy);
            Assert.True(deployed == 0, log.Log);
        }
        var writes = await c.WritesAsync();
        var (code, host) = await c.RunAsync(k.Step, k.Inputs);
        Assert.True(code == 2, $"{name}: exit {code}\n{host.Log}");
        var error = Assert.Single(host.Errors);
        Assert.Contains($"--{k.Input}", error);
        Assert.Contains(k.Says, error);
        Assert.Equal(writes, await c.WritesAsync());
    }
}
