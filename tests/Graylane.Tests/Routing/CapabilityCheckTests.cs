using Graylane.Core.Model;
using Graylane.Core.Planning.Istio;
using Graylane.Core.Validation;
using Graylane.Engine.Routing;

namespace Graylane.Tests.Routing;

/// <summary>Refusals come from the routers' declared capabilities and name the routers that can.</summary>
public class CapabilityCheckTests
{
    private static InvalidInputException Refused(RouterKind kind, TrafficState wanted) =>
        Assert.Throws<InvalidInputException>(() => RouterRegistry.Create(kind).Validate(wanted));

    [Fact]
    public void Partial_weights_on_the_service_router_name_every_router_that_splits_by_weight()
    {
        var ex = Refused(RouterKind.Service, new TrafficState { Weight = 30 });
        Assert.Equal("weight", ex.Input);
        Assert.Equal("--weight 30 is not possible with --router service: a Service selector sends all traffic to one version, so use 0 or 100. " +
                     "Routers that can split traffic by weight: --router istio, lanes, asm-lanes, gateway-api, replicas, nginx.", ex.Message);
        RouterRegistry.Create(RouterKind.Service).Validate(new TrafficState { Weight = 100 });
    }

    [Fact]
    public void A_match_names_its_form_and_the_routers_that_can_match_it()
    {
        var ex = Refused(RouterKind.Lanes, new TrafficState { Weight = 10, Matches = ["header:x-canary=true,cookie:user^=qa-"] });
        Assert.Equal("match", ex.Input);
        Assert.StartsWith("--match header:x-canary=true is not possible with --router lanes: lanes split traffic between lanes", ex.Message);
        Assert.EndsWith("Routers that can match a header exactly: --router istio, gateway-api, nginx.", ex.Message);
        RouterRegistry.Create(RouterKind.Istio).Validate(new TrafficState { Matches = ["cookie:user~qa-.*", "query:name^=xiao"] });
    }

    [Fact]
    public void Mirror_and_set_header_name_the_routers_that_can()
    {
        var mirror = Refused(RouterKind.Service, new TrafficState { Mirror = 50 });
        Assert.Equal("mirror", mirror.Input);
        Assert.Contains("a Service selector cannot copy traffic", mirror.Message);
        Assert.EndsWith("Routers that can mirror traffic: --router istio, gateway-api.", mirror.Message);
        var header = Refused(RouterKind.AsmLanes, new TrafficState { SetHeaders = ["x-lane=v2"] });
        Assert.Equal("set-header", header.Input);
        Assert.Contains("--router asm-lanes", header.Message);
    }

    [Fact]
    public void Messages_follow_the_declared_data_so_a_new_router_is_named_without_code_in_the_others()
    {
        // A router added later (say an ingress canary with exact header and cookie matches) shows up by its declaration.
        var ingress = new RouterCapabilities
        {
            PartialWeights = true,
            Matches = new HashSet<MatchSupport> { new(MatchKind.Header, MatchOperator.Exact), new(MatchKind.Cookie, MatchOperator.Exact) },
        };
        IReadOnlyList<(RouterKind, RouterCapabilities)> all = [(RouterKind.Service, RouterRegistry.Create(RouterKind.Service).Capabilities), (RouterKind.Istio, ingress)];
        var ex = Assert.Throws<InvalidInputException>(() =>
            CapabilityCheck.Check(RouterKind.Istio, ingress, new TrafficState { Matches = ["query:name=xiaoming"] }, all));
        Assert.Equal("--match query:name=xiaoming is not possible with --router istio. No router can match a query parameter exactly.", ex.Message);
        CapabilityCheck.Check(RouterKind.Istio, ingress, new TrafficState { Weight = 5, Matches = ["cookie:user=qa"] }, all);
        var mirror = Assert.Throws<InvalidInputException>(() => CapabilityCheck.Check(RouterKind.Istio, ingress, new TrafficState { Mirror = 10 }, all));
        Assert.EndsWith("No router can mirror traffic.", mirror.Message);
    }

    [Fact]
    public void Router_names_keep_their_spellings()
    {
        Assert.Equal(["service", "istio", "lanes", "asm-lanes", "gateway-api", "replicas", "nginx"], RouterKinds.All.Select(k => k.Name()));
        Assert.Equal(RouterKind.AsmLanes, RouterRegistry.Parse("router", "asm-lanes"));
        var ex = Assert.Throws<InvalidInputException>(() => RouterRegistry.Parse("router", "haproxy"));
        Assert.Contains("valid routers: service, istio, lanes, asm-lanes, gateway-api, replicas, nginx", ex.Message);
    }
}
