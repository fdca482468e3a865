using System.Diagnostics;
using Graylane.LocalCluster.Storage;

namespace Graylane.LocalCluster.Controllers;

/// <summary>
/// The local cluster's control plane behind the API server: Deployment, ReplicaSet, Endpoints and EndpointSlice
/// controllers, the scheduler and the kubelet of one node, and garbage collection of owned objects.
/// Store events only enqueue keys; one background loop reconciles them (level-triggered, like the
/// real controllers), so the store's writers are never slowed down or re-entered.
/// </summary>
public sealed class ClusterControllers : IAsyncDisposable
{
    private readonly ObjectStore _store;
    private readonly WorkQueue _queue;
    private readonly PodSimulator _pods;
    private readonly ReplicaSetController _replicaSets;
    private readonly DeploymentController _deployments;
    private readonly EndpointsController _endpoints;
    private readonly EndpointSliceController _slices;
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;
    private int _disposed;

    public ClusterControllers(ObjectStore store, ClusterKnobs knobs, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(knobs);
        time ??= TimeProvider.System;
        _store = store;
        _queue = new WorkQueue(time);
        var events = new EventRecorder(store, time);
        _pods = new PodSimulator(store, knobs, time, events, _queue);
        _replicaSets = new ReplicaSetController(store, time, events, _queue);
        _deployments = new DeploymentController(store, time, events, _queue);
        _endpoints = new EndpointsController(store);
        _slices = new EndpointSliceController(store);
    }

    /// <summary>Subscribes to store.Changed, queues what already exists, and starts the reconcile loop.</summary>
    public void Start()
    {
        if (_loop is not null) throw new InvalidOperationException("The controllers are already started.");
        _store.Changed += OnChanged;
        foreach (var d in _store.List(BuiltInTypes.Deployments)) _queue.Add(new WorkItem(WorkKind.Deployment, Json.Namespace(d), Json.Name(d)));
        foreach (var rs in _store.List(BuiltInTypes.ReplicaSets)) _queue.Add(new WorkItem(WorkKind.ReplicaSet, Json.Namespace(rs), Json.Name(rs)));
        foreach (var pod in _store.List(BuiltInTypes.Pods)) _queue.Add(new WorkItem(WorkKind.Pod, Json.Namespace(pod), Json.Name(pod)));
        foreach (var svc in _store.List(BuiltInTypes.Services)) _queue.Add(new WorkItem(WorkKind.Service, Json.Namespace(svc), Json.Name(svc)));
        _loop = Task.Run(RunAsync);
    }

    /// <summary>
    /// Resolves when no reconcile work is queued, running, or due. On the system clock it also waits for
    /// pods still on their way to a steady state (Running, ImagePullBackOff, CrashLoopBackOff), so
    /// "create, WaitIdleAsync, assert" works; crash-loop restarts and progress deadlines are open-ended
    /// and never count. With any other TimeProvider (a fake clock) only work due now counts: advance
    /// the clock past PodReadyDelay, wait again, and so on.
    /// </summary>
    public Task WaitIdleAsync(CancellationToken ct = default) => _queue.WaitIdleAsync(ct);

    /// <summary>"NAME=value" as the pod's containers saw it when they started (Secret values as &lt;secret&gt;); null for a pod not started.</summary>
    public string? ShowEnvironment(string podUid, string name) =>
        _pods.EnvironmentOf(podUid) is { } environment ? ContainerEnvironment.Show(environment, name) : null;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        _store.Changed -= OnChanged;
        _queue.Complete();
        await _stop.CancelAsync();
        if (_loop is not null)
        {
            try { await _loop.ConfigureAwait(false); }
            catch (OperationCanceledException) { }
        }
        _queue.Dispose();
        _stop.Dispose();
    }

    /// <summary>Runs on the writer's thread: only maps the change to keys.</summary>
    private void OnChanged(StoreEvent e)
    {
        var obj = e.Object;
        var ns = Json.Namespace(obj);
        var name = Json.Name(obj);
        switch (e.Resource.Plural)
        {
            case "pods" when e.Resource.Group.Length == 0:
                if (e.Type == StoreEventType.Added) _pods.Admit(obj);
                if (e.Type == StoreEventType.Deleted) _pods.Forget(obj);
                else _queue.Add(new WorkItem(WorkKind.Pod, ns, name));
                if (OwnerName(obj, "ReplicaSet") is { } rs) _queue.Add(new WorkItem(WorkKind.ReplicaSet, ns, rs));
                _queue.Add(new WorkItem(WorkKind.ServicesInNamespace, ns, ""));
                break;
            case "replicasets" when e.Resource.Group == "apps":
                _queue.Add(new WorkItem(WorkKind.ReplicaSet, ns, name));
                if (OwnerName(obj, "Deployment") is { } d) _queue.Add(new WorkItem(WorkKind.Deployment, ns, d));
                break;
            case "deployments" when e.Resource.Group == "apps":
                _queue.Add(new WorkItem(WorkKind.Deployment, ns, name));
                break;
            case "services" when e.Resource.Group.Length == 0:
            case "endpoints" when e.Resource.Group.Length == 0 && e.Type == StoreEventType.Deleted:
                _queue.Add(new WorkItem(WorkKind.Service, ns, name));
                break;
            case "endpointslices" when e.Resource.Group == "discovery.k8s.io" && e.Type == StoreEventType.Deleted:
                if (Json.StringMap(Json.Metadata(obj)["labels"]).GetValueOrDefault(EndpointSliceController.ServiceNameLabel) is { } service)
                    _queue.Add(new WorkItem(WorkKind.Service, ns, service));
                break;
        }
    }

    private async Task RunAsync()
    {
        await foreach (var item in _queue.Reader.ReadAllAsync(_stop.Token).ConfigureAwait(false))
        {
            _queue.BeginWork(item);
            try
            {
                Reconcile(item);
            }
            catch (StoreException e) when (e.Code == 409)
            {
                // Lost a race with another writer even after retries: go again with fresh reads.
                _queue.Add(item);
            }
            catch (Exception e)
            {
                // One bad object must not stop the control plane; try it again later.
                Trace.TraceError($"local cluster: reconciling {item} failed: {e}");
                _queue.AddAfter(item, TimeSpan.FromSeconds(1), settling: false);
            }
            finally
            {
                _queue.EndWork();
            }
        }
    }

    private void Reconcile(WorkItem item)
    {
        switch (item.Kind)
        {
            case WorkKind.Deployment: _deployments.Reconcile(item.Namespace, item.Name); break;
            case WorkKind.ReplicaSet: _replicaSets.Reconcile(item.Namespace, item.Name); break;
            case WorkKind.Pod: _pods.Reconcile(item.Namespace, item.Name); break;
            case WorkKind.Service:
                _endpoints.Reconcile(item.Namespace, item.Name);
                _slices.Reconcile(item.Namespace, item.Name);
                break;
            case WorkKind.ServicesInNamespace:
                foreach (var svc in _store.List(BuiltInTypes.Services, item.Namespace))
                {
                    _endpoints.Reconcile(item.Namespace, Json.Name(svc));
                    _slices.Reconcile(item.Namespace, Json.Name(svc));
                }
                break;
        }
    }

    private static string? OwnerName(System.Text.Json.Nodes.JsonObject obj, string kind) =>
        Json.ControllerRef(obj) is { } owner && (string?)owner["kind"] == kind ? (string?)owner["name"] : null;
}
