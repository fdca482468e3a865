using Graylane.LocalCluster.Controllers;
using Graylane.LocalCluster.Routing;

namespace Graylane.LocalCluster;

/// <summary>The cluster's behaviour behind the API: controllers that move workloads, and the request router.</summary>
public sealed partial class LocalClusterServer
{
    private ClusterControllers? _controllers;

    /// <summary>Per-test knobs: pod readiness delay, image-pull failures, crash loops, unschedulable pods.</summary>
    public ClusterKnobs Knobs { get; } = new();

    /// <summary>Answers which versions serve a request under the current Services, Istio objects and lanes.</summary>
    public RequestRouter Router { get; private set; } = null!;

    /// <summary>Resolves when the controllers have nothing left to do right now (for tests).</summary>
    public Task WaitIdleAsync(CancellationToken ct = default) => _controllers?.WaitIdleAsync(ct) ?? Task.CompletedTask;

    /// <summary>
    /// "NAME=value" of a pod's container environment, resolved through ConfigMap and Secret references as its containers
    /// saw them when they started (Secret values read &lt;secret&gt;), so a config release can be seen per request.
    /// </summary>
    public string ShowEnvironment(string ns, string pod, string name)
    {
        var obj = Get("v1", "Pod", ns, pod);
        if (obj is null) return $"{name}=(no pod)";
        var uid = (string?)obj["metadata"]?["uid"] ?? "";
        return _controllers?.ShowEnvironment(uid, name)
            ?? ContainerEnvironment.Show(ContainerEnvironment.Resolve(obj, Store), name); // not started (or no controllers): as it would start now
    }

    private void StartBehaviour()
    {
        if (_options.RunControllers)
        {
            _controllers = new ClusterControllers(Store, Knobs, _options.Time);
            _controllers.Start();
        }
        Router = new RequestRouter(new ServerClusterView(this));
        MapEndpoint(RouteEndpoint.Path, new RouteEndpoint(this).HandleAsync);
        StartTelemetry();
    }

    private async ValueTask StopBehaviourAsync()
    {
        if (_controllers is not null) await _controllers.DisposeAsync();
    }

    /// <summary>The router reads the cluster through the same served views the API gives.</summary>
    private sealed class ServerClusterView(LocalClusterServer server) : IClusterView
    {
        public IReadOnlyList<System.Text.Json.Nodes.JsonObject> List(string apiVersion, string kind, string? ns) => server.List(apiVersion, kind, ns);
    }
}
