using System.Net;

namespace Graylane.Kubernetes;

/// <summary>An API error with its context: what was asked (verb, resource, namespace, name) and the server's Status.</summary>
public sealed class KubeApiException(HttpStatusCode status, string? reason, string serverMessage, string verb, KubeResource resource, string? ns, string? name)
    : Exception(Describe(status, serverMessage, verb, resource, ns, name))
{
    public HttpStatusCode Status { get; } = status;
    public string? Reason { get; } = reason;
    public string ServerMessage { get; } = serverMessage;
    public string Verb { get; } = verb;
    public KubeResource Resource { get; } = resource;

    public bool IsNotFound => Status == HttpStatusCode.NotFound;
    public bool IsConflict => Status == HttpStatusCode.Conflict && Reason != "AlreadyExists";
    public bool IsAlreadyExists => Status == HttpStatusCode.Conflict && Reason == "AlreadyExists";

    private static string Describe(HttpStatusCode status, string message, string verb, KubeResource resource, string? ns, string? name)
    {
        var target = $"{resource.Resource}{(name is null ? "" : $" {name}")}{(ns is null ? "" : $" in namespace {ns}")}";
        return status == HttpStatusCode.Forbidden
            ? $"permission denied: cannot {verb} {target} ({message}); grant the verb \"{verb}\" on \"{resource.Plural}\" in API group \"{resource.Group}\" (see docs/rbac.yaml)"
            : $"{verb} {target} failed ({(int)status} {status}): {message}";
    }
}
