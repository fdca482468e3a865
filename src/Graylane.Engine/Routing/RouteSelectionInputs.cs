using Graylane.Core.Model;
using Graylane.Core.Validation;

namespace Graylane.Engine.Routing;

/// <summary>Reads and checks --virtual-service, --gateway, --host, --route, --canary-service, --http-route, --rule and --ingress before anything is written.</summary>
public static class RouteSelectionInputs
{
    public static RouteSelection Read(StepInputs inputs)
    {
        var vs = inputs.Get("virtual-service") is { } v ? KubeNames.DnsSubdomain("virtual-service", v) : null;
        var canary = inputs.Get("canary-service") is { } c ? KubeNames.DnsLabel("canary-service", c) : null;
        var gateway = inputs.Get("gateway") is { } g ? Gateway(g) : null;
        var host = inputs.Get("host") is { } h ? Host(h) : null;
        var route = inputs.Get("route") is { } r ? Route(r) : null;
        var httpRoute = inputs.Get("http-route") is { } hr ? NamespacedName("http-route", hr, "an HTTPRoute", "shop/web") : null;
        var rule = inputs.Get("rule") is { } ru ? KubeNames.DnsSubdomain("rule", ru) : null;
        var ingress = inputs.Get("ingress") is { } ing ? KubeNames.DnsSubdomain("ingress", ing) : null;
        return new RouteSelection(vs, gateway, host, route, canary) { HttpRoute = httpRoute, Rule = rule, Ingress = ingress };
    }

    /// <summary>A routing input another router reads would be silently ignored: refuse it, naming the routers that read it.</summary>
    public static void RefuseUnread(RouteSelection selection, ITrafficRouter router)
    {
        foreach (var given in selection.Given().Where(g => !router.Capabilities.RouteInputs.Contains(g)))
            throw new InvalidInputException(given,
                $"--{given} applies only to --router {RouterRegistry.Able(c => c.RouteInputs.Contains(given))} (this release uses --router {router.Kind.Name()})");
    }

    /// <summary>"name" or "namespace/name", each a valid Kubernetes name.</summary>
    public static string NamespacedName(string input, string value, string what, string example)
    {
        var parts = value.Split('/');
        if (parts.Length is 1 or 2 && KubeNames.IsDnsSubdomain(parts[^1]) && (parts.Length == 1 || KubeNames.IsDnsLabel(parts[0]))) return value;
        throw new InvalidInputException(input, $"--{input} \"{KubeNames.Printable(value)}\" is not {what}: use name or namespace/name (e.g. {example})");
    }

    private static string Gateway(string g)
    {
        var parts = g.Split('/');
        if (g == "mesh" || (parts.Length <= 2 && parts.All(KubeNames.IsDnsSubdomain))) return g;
        throw new InvalidInputException("gateway", $"--gateway \"{KubeNames.Printable(g)}\" is not a gateway: use name, namespace/name or mesh (e.g. istio-system/ingressgateway)");
    }

    public static string Host(string h)
    {
        var bare = h.StartsWith("*.", StringComparison.Ordinal) ? h[2..] : h;
        if (h == "*" || KubeNames.IsDnsSubdomain(bare)) return h;
        throw new InvalidInputException("host", $"--host \"{KubeNames.Printable(h)}\" is not a host name: use e.g. shop.example.com or *.example.com");
    }

    private static string Route(string r)
    {
        if (r.Length is > 0 and <= 253 && r.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_' or '.')) return r;
        throw new InvalidInputException("route", $"--route \"{KubeNames.Printable(r)}\" is not a route name: letters, digits, '-', '_' and '.' (the http route's name in the VirtualService)");
    }
}
