using System.Text.Json.Nodes;
using Graylane.Core.Json;
using Graylane.Tests.Support;

namespace Graylane.Tests.Steps;

/// <summary>
/// shift-traffic holds no Lease: its record write (the intent) is its lock, and its object write follows. These tests hold
/// that object write back in the local cluster (until the test releases it, or for good: a stopped run) so that another step
/// runs exactly in between — the window a Lease used to cover — and check that the record and the cluster never disagree.
/// </summary>
public class LockFreeShiftTests
{
    [Fact]
    public async Task A_shift_that_would_change_nothing_is_refused_while_another_shifts_write_is_on_its_way()
    {
        await using var c = await ClusterFixture.StartAsync();
        Assert.Equal(0, (await c.RunAsync("deploy-gray", ("service", "nginx-service"), ("image", "nginx:1.27"), ("version", "v2"))).Code);
        var release = new TaskCompletionSource();
        var held = c.Server.Faults.Add(new() { Verb = "update", Resource = "services", Nth = 1, Hold = release.Task });

        var first = c.RunAsync("shift-traffic", ("app", "nginx-service"), ("weight", "100"));
        await WaitForAsync(() => held.Matched == 1);
        // The first shift's intent is saved and its Service write is held: the Service still selects v1, which is what
        // this shift wants — taking it as done would be overtaken by the write on its way.
        var (code, host) = await c.RunAsync("shift-traffic", ("app", "nginx-service"), ("weight", "0"));
        release.SetResult();
        var (firstCode, firstHost) = await first;

        Assert.True(firstCode == 0, firstHost.Log);
        Assert.True(code == 1, host.Log); // a lost race: busy, not bad input
        Assert.Contains(host.Errors, e => e.Contains("release is busy") && e.Contains("has not landed yet") && e.Contains("changed by another step"));
        Assert.Equal("v2", c.Selector("nginx-service"));
        await ExpectConsistentAsync(c, "nginx-service", "100");
    }

    [Fact]
    public async Task A_shift_that_overtakes_another_wins_and_the_overtaken_one_stops_without_writing()
    {
        await using var c = await ClusterFixture.StartAsync(Bookinfo.Reviews + "\n---\n" + Bookinfo.UserIstio, "reviews-v1");
        Assert.Equal(0, (await c.RunAsync("deploy-gray", ("service", "reviews"), ("router", "istio"), ("route", "primary"),
            ("image", "istio/examples-bookinfo-reviews-v2:1.16.2"), ("version", "v2"))).Code);
        var release = new TaskCompletionSource();
        var held = c.Server.Faults.Add(new() { Verb = "update", Resource = "virtualservices", Nth = 1, Hold = release.Task });

        var first = c.RunAsync("shift-traffic", ("app", "reviews"), ("weight", "20"));
        await WaitForAsync(() => held.Matched == 1);
        // This one saves its own intent over the first one's and writes the VirtualService while the first write is held;
        // the held write then meets a conflict, finds the record is no longer its own, and stops.
        var (code, host) = await c.RunAsync("shift-traffic", ("app", "reviews"), ("weight", "50"));
        release.SetResult();
        var (firstCode, firstHost) = await first;

        Assert.True(code == 0, host.Log);
        Assert.True(firstCode == 1, firstHost.Log);
        Assert.Contains(firstHost.Errors, e => e.Contains("release is busy") && e.Contains("changed by another step"));
        await ExpectConsistentAsync(c, "reviews", "50");
    }

    [Fact]
    public async Task A_shift_whose_write_follows_one_still_on_its_way_is_written_over_it()
    {
        await using var c = await ClusterFixture.StartAsync(Bookinfo.Reviews + "\n---\n" + Bookinfo.UserIstio, "reviews-v1");
        Assert.Equal(0, (await c.RunAsync("deploy-gray", ("service", "reviews"), ("router", "istio"), ("route", "primary"),
            ("image", "istio/examples-bookinfo-reviews-v2:1.16.2"), ("version", "v2"))).Code);
        // Both VirtualService writes are held; the first one lands while the second one waits, on the version both read.
        var (releaseFirst, releaseSecond) = (new TaskCompletionSource(), new TaskCompletionSource());
        var firstWrite = c.Server.Faults.Add(new() { Verb = "update", Resource = "virtualservices", Nth = 1, Hold = releaseFirst.Task });
        var secondWrite = c.Server.Faults.Add(new() { Verb = "update", Resource = "virtualservices", Nth = 2, Hold = releaseSecond.Task });

        var first = c.RunAsync("shift-traffic", ("app", "reviews"), ("weight", "20"));
        await WaitForAsync(() => firstWrite.Matched == 1);
        var second = c.RunAsync("shift-traffic", ("app", "reviews"), ("weight", "50"));
        await WaitForAsync(() => secondWrite.Matched == 2);
        releaseFirst.SetResult();
        var (firstCode, firstHost) = await first;
        releaseSecond.SetResult();
        var (code, host) = await second;

        // The first shift's write landed (its step ended well); the second one, whose intent came later, follows it.
        Assert.True(firstCode == 0, firstHost.Log);
        Assert.True(code == 0, host.Log);
        await ExpectConsistentAsync(c, "reviews", "50");
    }

    /// <summary>A gray release whose shift-traffic --weight 100 stopped right after its record write (the intent): its Service write fails (a 500 is not repeated).</summary>
    private static async Task StopAShiftToAllAfterItsIntentAsync(ClusterFixture c)
    {
        Assert.Equal(0, (await c.RunAsync("deploy-gray", ("service", "nginx-service"), ("image", "nginx:1.27"), ("version", "v2"))).Code);
        var kill = c.Server.Faults.Add(new() { Verb = "update", Resource = "services", Times = 1, StatusCode = 500 });
        await c.RunAsync("shift-traffic", ("app", "nginx-service"), ("weight", "100"));
        Assert.Equal(1, kill.Fired);
        c.Server.Faults.Clear();
        Assert.Equal("v1", c.Selector("nginx-service"));
    }

    [Fact]
    public async Task A_shift_stopped_after_its_record_write_is_completed_by_its_rerun_and_blocks_a_different_one_meanwhile()
    {
        await using var c = await ClusterFixture.StartAsync();
        await StopAShiftToAllAfterItsIntentAsync(c);

        // Its write could still be on its way as far as another step can tell: one that would leave the Service as it is stops.
        var (code, host) = await c.RunAsync("shift-traffic", ("app", "nginx-service"), ("weight", "0"));
        Assert.True(code == 1, host.Log);
        Assert.Contains(host.Errors, e => e.Contains("release is busy") && e.Contains("has not landed yet"));
        Assert.Equal("v1", c.Selector("nginx-service"));

        // The same shift run again completes it.
        var (again, againHost) = await c.RunAsync("shift-traffic", ("app", "nginx-service"), ("weight", "100"));
        Assert.True(again == 0, againHost.Log);
        await ExpectConsistentAsync(c, "nginx-service", "100");
    }

    [Fact]
    public async Task Once_a_stopped_shifts_time_is_up_the_object_is_taken_as_it_is()
    {
        await using var c = await ClusterFixture.StartAsync();
        await StopAShiftToAllAfterItsIntentAsync(c);
        // A minute later (aged here instead of waited for), the stopped write can no longer land.
        await AgePendingWritesAsync(c, "nginx-service");

        var (code, host) = await c.RunAsync("shift-traffic", ("app", "nginx-service"), ("weight", "0"));

        Assert.True(code == 0, host.Log);
        Assert.Equal("v1", c.Selector("nginx-service"));
        await ExpectConsistentAsync(c, "nginx-service", "0");
    }

    [Fact]
    public async Task A_rerun_of_a_stopped_mirror_only_shift_writes_it_although_the_record_already_says_so()
    {
        await using var c = await ClusterFixture.StartAsync(Bookinfo.Reviews + "\n---\n" + Bookinfo.UserIstio, "reviews-v1");
        Assert.Equal(0, (await c.RunAsync("deploy-gray", ("service", "reviews"), ("router", "istio"), ("route", "primary"),
            ("image", "istio/examples-bookinfo-reviews-v2:1.16.2"), ("version", "v2"))).Code);
        var kill = c.Server.Faults.Add(new() { Verb = "update", Resource = "virtualservices", Times = 1, StatusCode = 500 });
        await c.RunAsync("shift-traffic", ("app", "reviews"), ("mirror", "10"));
        Assert.Equal(1, kill.Fired);
        c.Server.Faults.Clear();
        Assert.DoesNotContain("mirror", VirtualServiceText(c));

        var (code, host) = await c.RunAsync("shift-traffic", ("app", "reviews"), ("mirror", "10"));

        Assert.True(code == 0, host.Log);
        Assert.DoesNotContain("nothing to do", host.Log);
        Assert.Contains("mirror", VirtualServiceText(c));
    }

    [Fact]
    public async Task A_rollback_while_a_shifts_write_is_on_its_way_keeps_that_write_from_landing_after_it()
    {
        await using var c = await ClusterFixture.StartAsync();
        var pristine = ServiceContent(c);
        Assert.Equal(0, (await c.RunAsync("deploy-gray", ("service", "nginx-service"), ("image", "nginx:1.27"), ("version", "v2"))).Code);
        var release = new TaskCompletionSource();
        var held = c.Server.Faults.Add(new() { Verb = "update", Resource = "services", Nth = 1, Hold = release.Task });

        var shift = c.RunAsync("shift-traffic", ("app", "nginx-service"), ("weight", "100"));
        await WaitForAsync(() => held.Matched == 1);
        // The shift's intent (Shifted, the Service to v2) is saved and its Service write is on its way. Rollback runs right
        // then: the Service still selects v1, which is where rollback wants it, and the gray goes. Were the held write to land
        // now, all traffic would go to pods that no longer exist.
        var (code, host) = await c.RunAsync("rollback", ("app", "nginx-service"), ("reason", "race"));
        release.SetResult();
        var (shiftCode, shiftHost) = await shift;

        Assert.True(code == 0, host.Log);
        Assert.True(shiftCode != 0, shiftHost.Log);
        Assert.Contains(shiftHost.Errors, e => e.Contains("changed by another step"));
        await c.Server.WaitIdleAsync();
        Assert.Equal("v1", c.Selector("nginx-service"));
        Assert.Null(c.Deployment("nginx-v2"));
        Assert.Equal(pristine, ServiceContent(c)); // the fence's mark went with the restore
        Assert.Equal(new Dictionary<string, int> { ["v1"] = 20 }, c.Served("nginx-service"));
        var status = await c.RunAsync("status", ("app", "nginx-service"));
        Assert.Equal("RolledBack", status.Host.Outputs["phase"]);
        Assert.Equal("0", status.Host.Outputs["gray-weight"]);
    }

    [Fact]
    public async Task A_rollback_while_an_istio_shifts_write_is_on_its_way_ends_with_the_routing_as_before_the_release()
    {
        await using var c = await ClusterFixture.StartAsync(Bookinfo.Reviews + "\n---\n" + Bookinfo.UserIstio, "reviews-v1");
        var pristine = VirtualServiceText(c);
        Assert.Equal(0, (await c.RunAsync("deploy-gray", ("service", "reviews"), ("router", "istio"), ("route", "primary"),
            ("image", "istio/examples-bookinfo-reviews-v2:1.16.2"), ("version", "v2"))).Code);
        var release = new TaskCompletionSource();
        var held = c.Server.Faults.Add(new() { Verb = "update", Resource = "virtualservices", Nth = 1, Hold = release.Task });

        var shift = c.RunAsync("shift-traffic", ("app", "reviews"), ("weight", "50"));
        await WaitForAsync(() => held.Matched == 1);
        var (code, host) = await c.RunAsync("rollback", ("app", "reviews"), ("reason", "race"));
        release.SetResult();
        var (shiftCode, shiftHost) = await shift;

        Assert.True(code == 0, host.Log);
        Assert.True(shiftCode != 0, shiftHost.Log);
        await c.Server.WaitIdleAsync();
        Assert.Equal(pristine, VirtualServiceText(c));
        Assert.DoesNotContain(RollbackFenceAnnotation, c.Server.List("networking.istio.io/v1", "VirtualService", "default").Single().ToJsonString());
        Assert.Null(c.Deployment("reviews-v2"));
    }

    private const string RollbackFenceAnnotation = "graylane.io/rollback-fence";

    private static string ServiceContent(ClusterFixture c)
    {
        var user = ServerFields.Strip(c.Service("nginx-service")!);
        if (user["spec"] is JsonObject spec) foreach (var allocated in new[] { "clusterIP", "clusterIPs" }) spec.Remove(allocated);
        return user.ToJsonString();
    }

    private static string VirtualServiceText(ClusterFixture c) =>
        c.Server.List("networking.istio.io/v1", "VirtualService", "default").Single()["spec"]!.ToJsonString();

    /// <summary>The record's traffic is what the cluster does, and status finds nothing changed behind Graylane's back.</summary>
    private static async Task ExpectConsistentAsync(ClusterFixture c, string app, string weight)
    {
        var status = await c.RunAsync("status", ("app", app));
        Assert.True(status.Code == 0, status.Host.Log);
        Assert.DoesNotContain(status.Host.Warnings, w => w.Contains("changed since Graylane"));
        Assert.Equal(weight, status.Host.Outputs["gray-weight"]);
        Assert.Equal(weight, Record(c, app)!["traffic"]!["weight"]?.ToString() ?? "0");
    }

    private static JsonNode? Record(ClusterFixture c, string app) =>
        c.Server.Get("v1", "ConfigMap", "default", $"graylane-{app}")?["data"]?["release.json"] is { } json
            ? JsonNode.Parse((string)json!)
            : null;

    private static async Task AgePendingWritesAsync(ClusterFixture c, string app)
    {
        var cm = c.Server.Get("v1", "ConfigMap", "default", $"graylane-{app}")!;
        var record = JsonNode.Parse((string)cm["data"]!["release.json"]!)!;
        foreach (var o in record["ledger"]!["objects"]!.AsArray())
            if (o!["pendingUntil"] is not null) o["pendingUntil"] = DateTimeOffset.UtcNow.AddMinutes(-1).ToString("O");
        cm["data"]!["release.json"] = record.ToJsonString();
        ((JsonObject)cm["metadata"]!).Remove("resourceVersion");
        await c.Server.ApplyYamlAsync(cm.ToJsonString());
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!condition() && DateTime.UtcNow < deadline) await Task.Delay(20);
        Assert.True(condition(), "the step did not reach the held write in time");
    }
}
