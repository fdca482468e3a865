using System.Text.Json.Nodes;
using Graylane.Core.Json;
using Graylane.Core.Validation;

namespace Graylane.Core.Planning.Istio;

/// <summary>
/// Picks the VirtualService to manage among those in the namespace: by --virtual-service, else the only one with an
/// http route to the Service, narrowed by --gateway (listed in spec.gateways) and --host (listed in spec.hosts).
/// Null means none routes to the Service: create one.
/// </summary>
public static class VirtualServiceFinder
{
    public static JsonObject? Find(IReadOnlyList<JsonObject> virtualServices, string? name, string serviceHost, string? gateway, string? host)
    {
        var routing = virtualServices.Where(vs => RoutesTo(vs, serviceHost)).ToList();
        if (!string.IsNullOrEmpty(name))
        {
            if (virtualServices.FirstOrDefault(vs => Obj.Name(vs) == name) is { } named) return named;
            if (routing.Count > 0)
                throw new InvalidInputException("virtual-service",
                    $"--virtual-service \"{KubeNames.Printable(name)}\" does not exist, but {string.Join(", ", routing.Select(Obj.Name))} route(s) to Service {serviceHost}; name one of them");
            return null;
        }
        var candidates = routing
            .Where(vs => string.IsNullOrEmpty(gateway) || Gateways(vs).Any(g => SameGateway(g, gateway, Obj.Namespace(vs))))
            .Where(vs => string.IsNullOrEmpty(host) || Strings(vs, "hosts").Any(h => IstioHosts.Same(h, host, Obj.Namespace(vs))))
            .ToList();
        if (candidates.Count == 1) return candidates[0];
        if (candidates.Count == 0)
        {
            if (routing.Count == 0) return null;
            throw new InvalidInputException(string.IsNullOrEmpty(gateway) ? "host" : "gateway",
                $"no VirtualService routing to Service {serviceHost} matches{Filter(gateway, host)}; these do: {string.Join("; ", routing.Select(Describe))}");
        }
        throw new InvalidInputException("virtual-service",
            $"{candidates.Count} VirtualServices route to Service {serviceHost}{Filter(gateway, host)}: {string.Join("; ", candidates.Select(Describe))}; choose one with --virtual-service (or narrow with --gateway / --host)");
    }

    private static bool RoutesTo(JsonObject vs, string serviceHost) =>
        Obj.Objects(vs["spec"]?["http"]).Any(r => !GraylaneRoutes.IsGraylane(r) && RouteDestinations.RoutesTo(r, serviceHost, Obj.Namespace(vs)));

    /// <summary>"public" in namespace shop is "shop/public"; "mesh" is only itself.</summary>
    private static bool SameGateway(string written, string wanted, string? ns)
    {
        static string Qualify(string g, string? ns) => g == "mesh" || g.Contains('/') || ns is null ? g : $"{ns}/{g}";
        return Qualify(written, ns) == Qualify(wanted, ns) || written == wanted;
    }

    /// <summary>spec.gateways; none listed means the mesh's sidecars, as Istio reads it.</summary>
    private static IEnumerable<string> Gateways(JsonObject vs) => Strings(vs, "gateways").DefaultIfEmpty("mesh");

    private static IEnumerable<string> Strings(JsonObject vs, string key) =>
        (vs["spec"]?[key] as JsonArray ?? []).Select(n => (string?)n).OfType<string>();

    private static string Describe(JsonObject vs) =>
        $"{Obj.Name(vs)} (hosts {string.Join(", ", Strings(vs, "hosts"))}; gateways {string.Join(", ", Gateways(vs))})";

    private static string Filter(string? gateway, string? host) =>
        (string.IsNullOrEmpty(gateway) ? "" : $" on gateway {gateway}") + (string.IsNullOrEmpty(host) ? "" : $" for host {host}");
}
