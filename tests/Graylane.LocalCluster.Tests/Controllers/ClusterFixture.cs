using System.Text.Json.Nodes;
using Graylane.LocalCluster.Controllers;
using Graylane.LocalCluster.Storage;

namespace Graylane.LocalCluster.Tests.Controllers;

/// <summary>An object store with the controllers running on it, plus helpers to build and observe objects.</summary>
internal sealed class ClusterFixture : IAsyncDisposable
{
    public const string Ns = "default";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60); // a bound only: the waits end in milliseconds on an idle machine

    public ClusterFixture(TimeProvider? time = null, TimeSpan? podReadyDelay = null)
    {
        Store = new ObjectStore(time);
        Knobs = new ClusterKnobs { PodReadyDelay = podReadyDelay ?? TimeSpan.FromMilliseconds(20) };
        Controllers = new ClusterControllers(Store, Knobs, time);
        Controllers.Start();
    }

    public ObjectStore Store { get; }
    public ClusterKnobs Knobs { get; }
    public ClusterControllers Controllers { get; }

    /// <summary>A Deployment whose pods carry app (default: the name) and version labels, and a named port "http".</summary>
    public static JsonObject Deployment(string name, string image, int replicas, string version = "v1", string extraSpec = "", string? app = null) =>
        (JsonObject)JsonNode.Parse($$"""
        {
          "metadata": { "name": "{{name}}", "namespace": "{{Ns}}", "labels": { "app": "{{app ?? name}}" } },
          "spec": {
            "replicas": {{replicas}},
            {{extraSpec}}
            "selector": { "matchLabels": { "app": "{{app ?? name}}", "version": "{{version}}" } },
            "template": {
              "metadata": { "labels": { "app": "{{app ?? name}}", "version": "{{version}}" } },
              "spec": { "containers": [ { "name": "app", "image": "{{image}}", "ports": [ { "name": "http", "containerPort": 8080 } ] } ] }
            }
          }
        }
        """)!;

    public JsonObject CreateDeployment(string name, string image, int replicas, string version = "v1", string extraSpec = "", string? app = null) =>
        Store.Create(BuiltInTypes.Deployments, Deployment(name, image, replicas, version, extraSpec, app));

    public static bool RolledOut(JsonObject d, int replicas) =>
        Number(d["status"]?["observedGeneration"]) == Number(d["metadata"]!["generation"])
        && Count(d, "updatedReplicas") == replicas
        && Count(d, "replicas") == replicas
        && Count(d, "availableReplicas") == replicas;

    public Task WaitRolledOut(string deployment, int replicas) =>
        WaitUntil(() => RolledOut(Get(BuiltInTypes.Deployments, deployment), replicas), $"{deployment} rolled out to {replicas}");

    /// <summary>The status of the first container of the deployment's only pod (null until there is one).</summary>
    public JsonObject? OnlyContainerStatus(string deployment)
    {
        var rs = ReplicaSetsOf(deployment).SingleOrDefault();
        var pod = rs is null ? null : PodsOf(rs).SingleOrDefault();
        return pod?["status"]?["containerStatuses"]?[0] as JsonObject;
    }

    /// <summary>A client-style edit: read, change, write (retrying when the controllers wrote in between).</summary>
    public JsonObject Edit(ResourceType type, string name, Action<JsonObject> change)
    {
        for (var attempt = 0; ; attempt++)
        {
            var obj = Store.Get(type, Ns, name) ?? throw new InvalidOperationException($"{type} {name} not found");
            change(obj);
            try
            {
                return Store.Update(type, obj);
            }
            catch (StoreException e) when (e.Code == 409 && attempt < 20)
            {
            }
        }
    }

    public JsonObject Get(ResourceType type, string name) =>
        Store.Get(type, Ns, name) ?? throw new InvalidOperationException($"{type} {name} not found");

    public List<JsonObject> PodsOf(JsonObject owner) =>
        Store.List(BuiltInTypes.Pods, Ns).Where(p => OwnerUid(p) == (string?)owner["metadata"]!["uid"]).ToList();

    public List<JsonObject> ReplicaSetsOf(string deployment) =>
        Store.List(BuiltInTypes.ReplicaSets, Ns)
            .Where(rs => (string?)rs["metadata"]!["ownerReferences"]?[0]?["name"] == deployment)
            .ToList();

    public List<JsonObject> EventsFor(string name) =>
        Store.List(BuiltInTypes.Events, Ns).Where(e => (string?)e["involvedObject"]!["name"] == name).ToList();

    public static string? OwnerUid(JsonObject obj) => (string?)obj["metadata"]!["ownerReferences"]?[0]?["uid"];

    public static JsonObject? Condition(JsonObject obj, string type) =>
        (obj["status"]?["conditions"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(c => (string?)c["type"] == type);

    public static long Count(JsonObject obj, string statusField) => Number(obj["status"]?[statusField]);

    /// <summary>A number however it was stored (parsed, or set from code as int or long); missing is 0.</summary>
    public static long Number(JsonNode? node) => node is null ? 0 : long.Parse(node.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Waits for the controllers to settle, then until the condition holds (polling, with a timeout).</summary>
    public async Task WaitUntil(Func<bool> condition, string what)
    {
        using var cts = new CancellationTokenSource(Timeout);
        while (true)
        {
            try
            {
                await Controllers.WaitIdleAsync(cts.Token);
                if (condition()) return;
                await Task.Delay(10, cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Timed out waiting for: {what}");
            }
        }
    }

    /// <summary>WaitIdleAsync with the fixture's timeout, so a test fails instead of hanging.</summary>
    public async Task Idle()
    {
        using var cts = new CancellationTokenSource(Timeout);
        try
        {
            await Controllers.WaitIdleAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException("Timed out waiting for the controllers to become idle");
        }
    }

    public ValueTask DisposeAsync() => Controllers.DisposeAsync();
}
