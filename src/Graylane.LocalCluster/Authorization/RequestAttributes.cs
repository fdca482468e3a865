namespace Graylane.LocalCluster.Authorization;

/// <summary>
/// What the authorizer is asked about, as the API server's RequestInfo describes a request: a verb on a resource
/// (group, resource, subresource, namespace, name) or on a non-resource path (/api, /healthz…).
/// </summary>
public sealed record RequestAttributes(string Verb, bool IsResourceRequest, string ApiGroup, string Resource, string Subresource,
    string? Namespace, string? Name, string Path)
{
    public static RequestAttributes ForResource(string verb, string group, string resource, string subresource, string? ns, string? name) =>
        new(verb, true, group, resource, subresource, ns, name, "");

    public static RequestAttributes ForPath(string verb, string path) => new(verb, false, "", "", "", null, null, path);
}
