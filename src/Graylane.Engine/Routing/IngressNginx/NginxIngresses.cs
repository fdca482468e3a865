using System.Text.Json.Nodes;
using Graylane.Core.Json;
using Graylane.Core.Model;
using Graylane.Core.Planning;
using Graylane.Core.Planning.IngressNginx;
using Graylane.Core.Validation;
using Graylane.Kubernetes;

namespace Graylane.Engine.Routing.IngressNginx;

/// <summary>Finds the user's Ingress (the recorded one, --ingress, or the only one routing to the Service) and checks its locations are free for a canary.</summary>
internal static class NginxIngresses
{
    public static async Task<JsonObject> FindAsync(StepContext ctx, ReleaseRecord record, string service, RouteSelection selection, CancellationToken ct)
    {
        if (record.Nginx?.Ingress is { } known)
            return await ctx.Kube.GetAsync(KubeResource.Ingresses, ctx.Namespace, known, ct)
                ?? throw new ReleaseConflictException($"Ingress {ctx.Namespace}/{known} of the release of {record.App} no longer exists; roll back, or recreate it");
        if (selection.Ingress is { } given)
        {
            var ingress = await ctx.Kube.GetAsync(KubeResource.Ingresses, ctx.Namespace, given, ct)
                ?? throw new InvalidInputException("ingress", $"--ingress {given}: no Ingress of that name in namespace {ctx.Namespace}");
            if (CanaryIngressPlanner.IsCanary(ingress))
                throw new InvalidInputException("ingress", $"--ingress {given} is itself a canary Ingress (nginx.ingress.kubernetes.io/canary: \"true\"); name the Ingress that serves the stable version");
            if (!CanaryIngressPlanner.RoutesTo(ingress, service, selection.Host))
                throw new InvalidInputException("ingress", $"--ingress {given} has no path{(selection.Host is null ? "" : $" for host {selection.Host}")} whose backend is Service {service}");
            return ingress;
        }
        var all = await ctx.Kube.ListItemsAsync(KubeResource.Ingresses, ctx.Namespace, ct: ct);
        var candidates = all.Where(i => !CanaryIngressPlanner.IsCanary(i) && CanaryIngressPlanner.RoutesTo(i, service, selection.Host)).ToList();
        return candidates.Count switch
        {
            1 => candidates[0],
            0 => throw new InvalidInputException("ingress",
                $"no Ingress in namespace {ctx.Namespace} has a path{(selection.Host is null ? "" : $" for host {selection.Host}")} to Service {service}; --router nginx canaries an existing Ingress: name it with --ingress"),
            _ => throw new InvalidInputException("ingress",
                $"{candidates.Count} Ingresses in namespace {ctx.Namespace} route to Service {service}: {string.Join(", ", candidates.Select(Obj.Name))}; choose one with --ingress"),
        };
    }

    /// <summary>
    /// ingress-nginx takes one canary per location: a canary Ingress of someone else's for the same class, host and path
    /// would compete with Graylane's, and &lt;ingress&gt;-canary must not be someone else's object.
    /// </summary>
    public static async Task RequireFreeAsync(StepContext ctx, ReleaseRecord record, JsonObject user, string service, string? host, CancellationToken ct)
    {
        var canaryName = CanaryIngressPlanner.Name(Obj.Name(user));
        var all = await ctx.Kube.ListItemsAsync(KubeResource.Ingresses, ctx.Namespace, ct: ct);
        if (all.FirstOrDefault(i => Obj.Name(i) == canaryName) is { } existing
            && !CanaryIngressPlanner.IsOurs(existing, record.App, record.GrayVersion) && record.FindSnapshot(KubeResource.Ingresses.Kind, canaryName) is null)
            throw new InvalidInputException("ingress", $"--ingress {Obj.Name(user)}: Ingress {canaryName} already exists in namespace {ctx.Namespace} and is not the canary of this release; remove it, or release through another Ingress");
        var locations = CanaryIngressPlanner.Locations(user, service, host).ToHashSet();
        var cls = CanaryIngressPlanner.Class(user);
        foreach (var other in all.Where(i => Obj.Name(i) != canaryName && CanaryIngressPlanner.IsCanary(i) && CanaryIngressPlanner.Class(i) == cls))
            foreach (var loc in Locations(other).Where(locations.Contains))
                throw new InvalidInputException("ingress",
                    $"--ingress {Obj.Name(user)}: canary Ingress {Obj.Name(other)} already takes {(loc.Host.Length == 0 ? "*" : loc.Host)}{loc.Path}; ingress-nginx uses one canary per host and path, so remove it before releasing through Graylane");
    }

    private static IEnumerable<(string Host, string Path)> Locations(JsonObject ingress) =>
        from rule in Obj.Objects(ingress["spec"]?["rules"])
        from p in Obj.Objects(rule["http"]?["paths"])
        select (((string?)rule["host"] ?? "").ToLowerInvariant(), (string?)p["path"] ?? "/");
}
