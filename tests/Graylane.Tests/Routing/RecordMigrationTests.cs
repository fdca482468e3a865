using System.Text.Json.Nodes;
using Graylane.Core.Json;
using Graylane.Core.Model;
using Graylane.Core.Planning.Istio;
using Graylane.Tests.Lanes;
using Graylane.Tests.Support;
using Graylane.Tests.Workflows;

namespace Graylane.Tests.Routing;

/// <summary>
/// Records written by the previous Graylane (schema 1; Data/record-v1-*.json were written by it, mid-release at 20%)
/// still load, and the release they hold can be continued, drift-checked, promoted and rolled back by this one.
/// </summary>
public class RecordMigrationTests
{
    private static string V1(string router) => File.ReadAllText(RepositoryRoot.File($"tests/Graylane.Tests/Routing/Data/record-v1-{router}.json"));

    [Fact]
    public void An_istio_record_of_schema_1_moves_its_last_write_into_the_ledger()
    {
        var v1 = JsonNode.Parse(V1("istio"))!;
        var record = GraylaneJson.Deserialize(V1("istio"));
        Assert.Equal(RecordMigration.CurrentSchema, record.SchemaVersion);
        Assert.Equal(RouterKind.Istio, record.Router);
        Assert.Equal(IstioMode.Subset, record.Mesh!.Mode);
        var entry = Assert.Single(record.Ledger.Objects);
        Assert.Equal(new ObjectKey("VirtualService", "default", "reviews"), entry.Key);
        Assert.True(JsonNode.DeepEquals(v1["mesh"]!["lastWritten"], entry.LastWritten));
        Assert.Null(entry.PendingWrite);

        var written = JsonNode.Parse(GraylaneJson.Serialize(record))!;
        Assert.Null(written["mesh"]!["lastWritten"]);
        Assert.Equal("subset", (string?)written["mesh"]!["mode"]);
        Assert.Equal("istio", (string?)written["router"]);
        Assert.Equal(RecordMigration.CurrentSchema, (int)written["schemaVersion"]!);
        // Schema 3: the labels selecting each version's pods, which schema 1 and 2 took from the version label.
        Assert.Equal(new Dictionary<string, string> { ["version"] = "v1" }, record.Workloads[0].BaselineSelector);
        Assert.Equal(new Dictionary<string, string> { ["version"] = "v2" }, record.Workloads[0].GraySelector);
    }

    [Fact]
    public void A_lanes_record_of_schema_1_keys_each_object_by_kind_namespace_and_name()
    {
        var v1 = JsonNode.Parse(V1("lanes"))!;
        var record = GraylaneJson.Deserialize(V1("lanes"));
        Assert.Equal(RouterKind.Lanes, record.Router);
        Assert.Equal(LaneFlavor.Istio, record.Lanes!.Flavor);
        var lastWritten = v1["lanes"]!["lastWritten"]!.AsObject();
        Assert.Equal(lastWritten.Count, record.Ledger.Objects.Count);
        var gateway = record.Ledger.Find(new ObjectKey("VirtualService", "istio-system", "graylane-mock-entry"));
        Assert.NotNull(gateway);
        Assert.True(JsonNode.DeepEquals(lastWritten["VirtualService istio-system/graylane-mock-entry"], gateway.LastWritten));
        Assert.NotNull(record.Ledger.Find(new ObjectKey("DestinationRule", "default", "graylane-mockb")));
        Assert.Null(JsonNode.Parse(GraylaneJson.Serialize(record))!["lanes"]!["lastWritten"]);
    }

    [Fact]
    public void Schema_1_keys_of_cluster_scoped_lane_objects_and_pending_writes_migrate_too()
    {
        var json = V1("lanes").Replace("\"pendingWrites\": {}",
            "\"pendingWrites\": {\"ASMSwimLane v2\": {\"apiVersion\": \"istio.alibabacloud.com/v1\", \"kind\": \"ASMSwimLane\", \"metadata\": {\"name\": \"v2\"}}}");
        Assert.NotEqual(V1("lanes"), json);
        var lane = GraylaneJson.Deserialize(json).Ledger.Find(new ObjectKey("ASMSwimLane", null, "v2"));
        Assert.NotNull(lane);
        Assert.Null(lane.LastWritten);
        Assert.Equal("v2", (string?)lane.PendingWrite!["metadata"]!["name"]);
    }

    [Fact]
    public void A_record_from_a_newer_graylane_is_refused_not_misread()
    {
        var ex = Assert.ThrowsAny<System.Text.Json.JsonException>(() => GraylaneJson.Deserialize("{\"schemaVersion\": 99, \"app\": \"x\"}"));
        Assert.Contains("newer Graylane", ex.Message);
    }

    /// <summary>Puts the previous version's record in place of the one this version wrote for the same release.</summary>
    private static async Task ReplaceRecordAsync(ClusterFixture c, string app, string json)
    {
        var cm = c.Server.Get("v1", "ConfigMap", "default", $"graylane-{app}")!;
        cm["data"]!["release.json"] = json;
        ((JsonObject)cm["metadata"]!).Remove("resourceVersion");
        await c.Server.ApplyYamlAsync(cm.ToJsonString());
    }

    [Fact]
    public async Task An_istio_release_started_by_the_previous_version_is_drift_checked_shifted_promoted_and_rolled_back()
    {
        await using var c = await ClusterFixture.StartAsync(Bookinfo.Reviews + "\n---\n" + Bookinfo.UserIstio, "reviews-v1");
        var vsBefore = ServerFields.Strip(c.Server.Get("networking.istio.io/v1", "VirtualService", "default", "reviews")!);
        Assert.Equal(0, (await c.RunAsync("deploy-gray", ("service", "reviews"), ("router", "istio"), ("route", "primary"),
            ("image", "istio/examples-bookinfo-reviews-v2:1.16.2"), ("version", "v2"))).Code);
        Assert.Equal(0, (await c.RunAsync("shift-traffic", ("app", "reviews"), ("weight", "20"))).Code);
        await ReplaceRecordAsync(c, "reviews", V1("istio"));

        // The migrated ledger still knows what Graylane last wrote: a hand edit is refused by name.
        var edited = c.Server.Get("networking.istio.io/v1", "VirtualService", "default", "reviews")!;
        edited["spec"]!["http"]![1]!["timeout"] = "30s";
        ((JsonObject)edited["metadata"]!).Remove("resourceVersion");
        await c.Server.ApplyYamlAsync(edited.ToJsonString());
        var (code, host) = await c.RunAsync("shift-traffic", ("app", "reviews"), ("weight", "50"));
        Assert.Equal(2, code);
        Assert.Contains(host.Errors, e => e.Contains("VirtualService default/reviews was changed since Graylane") && e.Contains("timeout"));

        edited = c.Server.Get("networking.istio.io/v1", "VirtualService", "default", "reviews")!;
        edited["spec"]!["http"]![1]!["timeout"] = "10s";
        ((JsonObject)edited["metadata"]!).Remove("resourceVersion");
        await c.Server.ApplyYamlAsync(edited.ToJsonString());
        (code, host) = await c.RunAsync("shift-traffic", ("app", "reviews"), ("weight", "50"));
        Assert.True(code == 0, host.Log);
        Assert.Equal("50", host.Outputs["gray-weight"]);
        Assert.Equal(0, (await c.RunAsync("promote", ("app", "reviews"), ("move-routes", "true"))).Code);
        Assert.Equal(0, Obj.Int(c.Deployment("reviews-v1")!["spec"]!["replicas"]));
        (code, host) = await c.RunAsync("rollback", ("app", "reviews"));
        Assert.True(code == 0, host.Log);
        Assert.True(JsonNode.DeepEquals(vsBefore, ServerFields.Strip(c.Server.Get("networking.istio.io/v1", "VirtualService", "default", "reviews")!)));
        Assert.Null(c.Deployment("reviews-v2"));
    }

    [Fact]
    public async Task A_lanes_release_started_by_the_previous_version_continues_without_false_drift()
    {
        await using var c = await MockApp.StartAsync();
        await LaneRelease.DeployAsync(c, "lanes", "v2", LaneRelease.Images("mocka,mockc", "v2"), ("app-services", "mocka,mockb,mockc"));
        await LaneRelease.StepAsync(c, "shift-traffic", ("weight", "20"));
        await ReplaceRecordAsync(c, "mock", V1("lanes"));

        var (code, host) = await c.RunAsync("shift-traffic", ("app", "mock"), ("weight", "30"));
        Assert.True(code == 0, host.Log);
        Assert.Equal("30", host.Outputs["gray-weight"]);
        (code, host) = await c.RunAsync("promote", ("app", "mock"));
        Assert.True(code == 0, host.Log);
        Assert.Equal(MockApp.V2V1V2, MockApp.InMesh(c));
        (code, host) = await c.RunAsync("rollback", ("app", "mock"));
        Assert.True(code == 0, host.Log);
        Assert.Equal(MockApp.V1V1V1, MockApp.InMesh(c, "v2"));
        Assert.Null(c.Deployment("mocka-v2"));
    }
}
