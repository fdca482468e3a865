namespace Graylane.LocalCluster.Routing;

/// <summary>
/// One service a request reached. Version is the chosen pod's version label; Workload the Deployment (else the owner,
/// else the pod) it belongs to, shown when the pod has no version label. Note explains how it was reached:
/// "fallback" (lane fallback), "mirror", "redirect 301 ..." or "direct response 503" (terminal, no pod),
/// or "error" for the service where routing failed (see RoutePath.Error).
/// </summary>
public sealed record Hop(string Service, string? Version, string? Pod, string? Note = null, string? Workload = null)
{
    public const string ErrorNote = "error";
    public const string FallbackNote = "fallback";
    public const string MirrorNote = "mirror";

    /// <summary>The namespace of the pod that served (null for terminal hops without a pod).</summary>
    public string? Namespace { get; init; }

    /// <summary>Index in RoutePath.Hops of the hop whose pod made this call; -1 for the request entering the cluster.</summary>
    public int Caller { get; init; } = -1;

    /// <summary>"mocka(v2)"; "web(web-canary)" for a pod without a version label; "reviews(!)" where routing failed; "web(direct response 503)" for terminal hops.</summary>
    public override string ToString() =>
        Note == ErrorNote ? $"{Service}(!)"
        : Version is not null ? $"{Service}({Version})"
        : Workload is not null ? $"{Service}({Workload})"
        : Note is not null ? $"{Service}({Note})"
        : Service;
}
