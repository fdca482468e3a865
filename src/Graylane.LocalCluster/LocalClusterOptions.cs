namespace Graylane.LocalCluster;

/// <summary>How a local cluster starts.</summary>
public sealed class LocalClusterOptions
{
    /// <summary>0 = pick a free port on 127.0.0.1.</summary>
    public int Port { get; set; } = 0;

    /// <summary>
    /// RBAC enforces the stored Roles, ClusterRoles and bindings for ServiceAccount tokens (the admin token is in
    /// system:masters); AlwaysAllow (the default) lets every authenticated request through.
    /// </summary>
    public Authorization.AuthorizationMode Authorization { get; set; } = LocalCluster.Authorization.AuthorizationMode.AlwaysAllow;

    /// <summary>Port on 127.0.0.1 of the metrics exporter (GET /metrics, no token); 0 = pick a free one.</summary>
    public int MetricsPort { get; set; } = 0;

    /// <summary>Bearer token required on every API request (401 otherwise).</summary>
    public string Token { get; set; } = "graylane-local-token";

    /// <summary>Register the Istio CRDs from the embedded upstream schema file.</summary>
    public bool LoadIstioCrds { get; set; } = true;

    /// <summary>Register the Gateway API standard-channel CRDs (gateway.networking.k8s.io v1.6.1) from the embedded upstream files.</summary>
    public bool LoadGatewayApiCrds { get; set; } = true;

    /// <summary>More CRD documents (YAML, may be multi-document) to register at start.</summary>
    public IList<string> ExtraCrdYaml { get; } = new List<string>();

    /// <summary>Clock for timestamps (creationTimestamp, conditions). Network timeouts use real time.</summary>
    public TimeProvider Time { get; set; } = TimeProvider.System;

    /// <summary>How often a watch with allowWatchBookmarks gets a BOOKMARK event (real servers: about a minute).</summary>
    public TimeSpan WatchBookmarkInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How many store events the watch cache keeps; older resourceVersions get 410 Gone.</summary>
    public int WatchHistorySize { get; set; } = 1000;

    /// <summary>
    /// Run the controllers (Deployments → ReplicaSets → pods, Endpoints). Off only for tests of the API alone,
    /// where a controller writing status would change resourceVersions under the test.
    /// </summary>
    public bool RunControllers { get; set; } = true;
}
