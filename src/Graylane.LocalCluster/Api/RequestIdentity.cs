using Graylane.LocalCluster.Authorization;
using Microsoft.AspNetCore.Http;

namespace Graylane.LocalCluster.Api;

/// <summary>The authenticated identity of a request, and the attributes the authorizer judges it by (the server's RequestInfo).</summary>
internal static class RequestIdentity
{
    public const string Key = "graylane.identity";

    public static Identity Of(HttpContext ctx) => ctx.Items[Key] as Identity ?? Identity.Admin;

    public static RequestAttributes Attributes(HttpContext ctx, RequestTarget? target, string verb, string path)
    {
        if (target is null)
        {
            var method = ctx.Request.Method is "GET" or "HEAD" ? "get" : ctx.Request.Method.ToLowerInvariant();
            return RequestAttributes.ForPath(method, path);
        }
        var name = target.Name;
        // A list or watch of one object by metadata.name is authorized as that object (kubectl wait, informers of one).
        if (name is null && verb is "list" or "watch" && NameFromFieldSelector(ctx.Request.Query["fieldSelector"].ToString()) is { } selected)
            name = selected;
        // A namespace is in itself: GET /api/v1/namespaces/x is judged in namespace x.
        var ns = target.Plural == "namespaces" && target.Group.Length == 0 && target.Namespace is null ? name : target.Namespace;
        return RequestAttributes.ForResource(verb, target.Group, target.Plural, target.Subresource, ns, name);
    }

    private static string? NameFromFieldSelector(string selector)
    {
        foreach (var term in selector.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var op = term.Contains("==", StringComparison.Ordinal) ? "==" : term.Contains("!=", StringComparison.Ordinal) ? null : "=";
            if (op is null) continue;
            var at = term.IndexOf(op, StringComparison.Ordinal);
            if (at > 0 && term[..at].Trim() == "metadata.name") return term[(at + op.Length)..].Trim();
        }
        return null;
    }
}
