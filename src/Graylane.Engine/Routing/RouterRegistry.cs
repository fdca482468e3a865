using Graylane.Core.Model;
using Graylane.Core.Validation;
using Graylane.Engine.Routing.GatewayApi;
using Graylane.Engine.Routing.IngressNginx;
using Graylane.Engine.Routing.Istio;
using Graylane.Engine.Routing.Lanes;
using Graylane.Engine.Routing.Replicas;
using Graylane.Engine.Routing.Service;

namespace Graylane.Engine.Routing;

/// <summary>Every router, by kind: the one place that knows them all (adding a router = one line here).</summary>
public static class RouterRegistry
{
    public static ITrafficRouter Create(RouterKind kind) => kind switch
    {
        RouterKind.Service => new ServiceSelectorRouter(),
        RouterKind.Istio => new IstioRouter(),
        RouterKind.Lanes => new LanesRouter(LaneFlavor.Istio),
        RouterKind.AsmLanes => new LanesRouter(LaneFlavor.Asm),
        RouterKind.GatewayApi => new GatewayApiRouter(),
        RouterKind.Replicas => new ReplicasRouter(),
        RouterKind.Nginx => new NginxRouter(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>Every router's capabilities, in --router list order (for "routers that can …").</summary>
    public static IReadOnlyList<(RouterKind Kind, RouterCapabilities Caps)> Capabilities { get; } =
        RouterKinds.All.Select(k => (k, Create(k).Capabilities)).ToList();

    /// <summary>The router named by an input (--router), or a refusal listing the valid names.</summary>
    public static RouterKind Parse(string input, string value) =>
        RouterKinds.TryParse(value, out var kind) ? kind
            : throw new InvalidInputException(input,
                $"--{input} \"{KubeNames.Printable(value)}\" is not supported; valid routers: {string.Join(", ", RouterKinds.All.Select(k => k.Name()))}");

    /// <summary>The routers that have a capability, as "--router a, b" for messages.</summary>
    public static string Able(Func<RouterCapabilities, bool> has) =>
        string.Join(" or ", Capabilities.Where(r => has(r.Caps)).Select(r => r.Kind.Name()));
}
