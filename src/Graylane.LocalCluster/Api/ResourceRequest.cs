using Microsoft.AspNetCore.Http;

namespace Graylane.LocalCluster.Api;

/// <summary>A request addressed to one served resource (and maybe one object and subresource).</summary>
internal sealed record ResourceRequest(HttpContext Http, ServedResource Resource, RequestTarget Target, string Verb)
{
    public string? Namespace => Resource.Namespaced ? Target.Namespace : null;
    public string? Name => Target.Name;
    public string Subresource => Target.Subresource;
    public CancellationToken Aborted => Http.RequestAborted;

    public string? Query(string key)
    {
        var v = Http.Request.Query[key];
        return v.Count == 0 ? null : v[0];
    }

    public bool DryRun => Http.Request.Query["dryRun"].Any(v => v == "All");

    /// <summary>Strict, Warn or Ignore (the default when absent, as for clients that do not ask).</summary>
    public string FieldValidation => Query("fieldValidation") ?? "Ignore";
}
