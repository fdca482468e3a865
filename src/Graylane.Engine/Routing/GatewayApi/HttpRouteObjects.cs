using System.Text.Json.Nodes;
using Graylane.Core.Json;
using Graylane.Core.Model;
using Graylane.Core.Planning;
using Graylane.Core.Planning.GatewayApi;
using Graylane.Core.Planning.Istio;
using Graylane.Core.Validation;
using Graylane.Kubernetes;

namespace Graylane.Engine.Routing.GatewayApi;

/// <summary>Finds the HTTPRoute a release manages (the recorded one, --http-route, or the only one routing to the Service) and its neighbours.</summary>
internal static class HttpRouteObjects
{
    /// <summary>The route, or null when none routes to the Service (Graylane then creates one on --gateway).</summary>
    public static async Task<JsonObject?> FindAsync(StepContext ctx, ReleaseRecord record, string service, RouteSelection selection, CancellationToken ct)
    {
        var gw = record.GatewayApi;
        if (gw?.HttpRoute is { } known)
        {
            var ns = gw.HttpRouteNamespace ?? ctx.Namespace;
            var live = await ctx.Kube.GetAsync(KubeResource.HttpRoutes, ns, known, ct);
            if (live is null && record.FindSnapshot(KubeResource.HttpRoutes.Kind, known) is { Existed: true })
                throw new ReleaseConflictException($"HTTPRoute {ns}/{known} managed by the release of {record.App} was deleted by someone else; roll back or recreate it");
            return live;
        }
        if (selection.HttpRoute is { } given)
        {
            var (ns, name) = Split(given, ctx.Namespace);
            return await ctx.Kube.GetAsync(KubeResource.HttpRoutes, ns, name, ct)
                ?? throw new InvalidInputException("http-route", $"--http-route {ns}/{name}: no HTTPRoute of that name in namespace {ns}");
        }
        var all = await ctx.Kube.ListItemsAsync(KubeResource.HttpRoutes, ctx.Namespace, ct: ct);
        var candidates = all.Where(r => HttpRouteRules.Rules(r).Any(rule => !GraylaneRoutes.IsGraylane(rule) && HttpRouteRules.RoutesTo(rule, service, ctx.Namespace, Obj.Namespace(r))))
            .Where(r => selection.Gateway is null || ParentNames(r).Contains(Qualify(selection.Gateway, ctx.Namespace)))
            .ToList();
        return candidates.Count switch
        {
            0 => null,
            1 => candidates[0],
            _ => throw new InvalidInputException("http-route",
                $"{candidates.Count} HTTPRoutes in namespace {ctx.Namespace} route to Service {service}{(selection.Gateway is null ? "" : $" on Gateway {selection.Gateway}")}: {string.Join(", ", candidates.Select(Obj.Name))}; choose one with --http-route"),
        };
    }

    /// <summary>Other HTTPRoutes of the route's namespace with the same parents and hostnames: their rules compete with Graylane's match rules.</summary>
    public static async Task<IReadOnlyList<JsonObject>> NeighboursAsync(StepContext ctx, JsonObject route, CancellationToken ct)
    {
        var ns = Obj.Namespace(route) ?? ctx.Namespace;
        var parents = ParentNames(route);
        var hosts = Hostnames(route);
        var all = await ctx.Kube.ListItemsAsync(KubeResource.HttpRoutes, ns, ct: ct);
        return all.Where(r => Obj.Name(r) != Obj.Name(route) && ParentNames(r).Overlaps(parents) && Hostnames(r).SetEquals(hosts)).ToList();
    }

    /// <summary>The Gateway named by --gateway must exist for Graylane to attach a route to it.</summary>
    public static async Task RequireGatewayAsync(StepContext ctx, string gateway, CancellationToken ct)
    {
        var (ns, name) = Split(gateway, ctx.Namespace);
        if (await ctx.Kube.GetAsync(KubeResource.ApiGateways, ns, name, ct) is null)
            throw new InvalidInputException("gateway", $"--gateway {ns}/{name}: no Gateway (gateway.networking.k8s.io) of that name in namespace {ns}");
    }

    public static (string Namespace, string Name) Split(string reference, string defaultNs) =>
        reference.Contains('/') ? (reference[..reference.IndexOf('/')], reference[(reference.IndexOf('/') + 1)..]) : (defaultNs, reference);

    private static string Qualify(string reference, string defaultNs) => Split(reference, defaultNs) is var (ns, name) ? $"{ns}/{name}" : reference;

    /// <summary>"namespace/name" of each Gateway the route attaches to.</summary>
    private static HashSet<string> ParentNames(JsonObject route) =>
        Obj.Objects(route["spec"]?["parentRefs"])
            .Where(p => (string?)p["group"] is null or "gateway.networking.k8s.io" && (string?)p["kind"] is null or "Gateway")
            .Select(p => $"{(string?)p["namespace"] ?? Obj.Namespace(route)}/{(string?)p["name"]}").ToHashSet(StringComparer.Ordinal);

    private static HashSet<string> Hostnames(JsonObject route) =>
        (route["spec"]?["hostnames"] as JsonArray ?? []).Select(h => ((string?)h ?? "").ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);
}
