using System.Text.Json.Nodes;
using Graylane.Core.Model;

namespace Graylane.Tests.Routing;

/// <summary>The one ledger every router writes through: what counts as someone else's change, and what does not.</summary>
public class ObjectLedgerTests
{
    private static readonly ObjectKey Vs = new("VirtualService", "default", "reviews");

    private static JsonObject Route(int gray, string? timeout = null)
    {
        var route = new JsonObject
        {
            ["name"] = "primary",
            ["route"] = new JsonArray(
                new JsonObject { ["destination"] = new JsonObject { ["host"] = "reviews", ["subset"] = "v1" }, ["weight"] = 100 - gray },
                new JsonObject { ["destination"] = new JsonObject { ["host"] = "reviews", ["subset"] = "v2" }, ["weight"] = gray }),
        };
        if (timeout is not null) route["timeout"] = timeout;
        return new JsonObject
        {
            ["kind"] = "VirtualService",
            ["metadata"] = new JsonObject { ["name"] = "reviews", ["namespace"] = "default", ["resourceVersion"] = "7" },
            ["spec"] = new JsonObject { ["http"] = new JsonArray(route) },
        };
    }

    [Fact]
    public void An_object_graylane_never_wrote_has_no_drift()
    {
        var ledger = new ObjectLedger();
        Assert.Null(ledger.Drift(Vs, Route(20, "30s")));
        ledger.Pending(Vs, Route(20)); // a first write that never finished
        Assert.Null(ledger.Drift(Vs, Route(35)));
    }

    [Fact]
    public void The_last_write_itself_is_not_drift_whatever_the_server_fields()
    {
        var ledger = new ObjectLedger();
        ledger.Written(Vs, Route(20));
        var live = Route(20);
        live["metadata"]!["resourceVersion"] = "99";
        live["status"] = new JsonObject { ["observedGeneration"] = 4 };
        Assert.Null(ledger.Drift(Vs, live));
        Assert.Null(ledger.Find(Vs)!.PendingWrite);
    }

    [Fact]
    public void Someone_elses_edit_is_drift_naming_the_object_and_each_difference()
    {
        var ledger = new ObjectLedger();
        ledger.Written(Vs, Route(20));
        var drift = ledger.Drift(Vs, Route(35, "30s"));
        Assert.NotNull(drift);
        Assert.Equal(Vs, drift.Object);
        Assert.Contains(drift.Differences, d => d.Contains("timeout"));
        Assert.Contains(drift.Differences, d => d.Contains("expected 80, found 65"));
        Assert.Contains("VirtualService default/reviews was changed since Graylane last wrote it", DriftFinding.Refusal([drift]));
        Assert.Contains("--accept-drift", DriftFinding.Refusal([drift]));
    }

    [Fact]
    public void After_a_crash_the_pending_write_found_live_is_not_drift_but_a_third_version_is()
    {
        var ledger = new ObjectLedger();
        ledger.Written(Vs, Route(20));
        ledger.Pending(Vs, Route(50)); // recorded and saved, then the process died after (or before) the write
        Assert.Null(ledger.Drift(Vs, Route(50)));
        Assert.Null(ledger.Drift(Vs, Route(20)));
        Assert.NotNull(ledger.Drift(Vs, Route(35)));
    }

    [Fact]
    public void A_deleted_object_is_drift_until_graylane_forgets_it()
    {
        var ledger = new ObjectLedger();
        ledger.Written(Vs, Route(20));
        Assert.True(ledger.Drift(Vs, null)!.Deleted);
        ledger.Forget(Vs);
        Assert.Null(ledger.Drift(Vs, null));
    }

    [Fact]
    public void Accepting_drift_forgets_every_last_write_and_keys_are_per_object()
    {
        var ledger = new ObjectLedger();
        var gateway = new ObjectKey("VirtualService", "istio-system", "reviews"); // same kind and name, other namespace
        var lane = new ObjectKey("ASMSwimLane", null, "v2");
        ledger.Written(Vs, Route(20));
        ledger.Written(gateway, Route(0));
        ledger.Written(lane, new JsonObject { ["spec"] = new JsonObject { ["services"] = new JsonArray("mocka") } });
        Assert.Equal(3, ledger.Objects.Count);
        Assert.Null(ledger.Drift(gateway, Route(0)));
        Assert.NotNull(ledger.Drift(Vs, Route(0)));
        ledger.AcceptDrift();
        Assert.Null(ledger.Drift(Vs, Route(0)));
        Assert.Null(ledger.Drift(lane, null));
        Assert.Equal("ASMSwimLane v2", lane.ToString());
    }

    [Fact]
    public void An_intended_write_is_no_drift_whether_it_landed_or_not_and_needs_no_second_record_save()
    {
        var ledger = new ObjectLedger();
        ledger.Written(Vs, Route(0));
        // shift-traffic records its intent (saved before the write), then writes, then saves nothing more.
        ledger.Intend(Vs, Route(0), Route(20));
        var recorded = Snapshot(ledger);
        Assert.Null(ledger.Drift(Vs, Route(20))); // the write landed
        Assert.Null(ledger.Drift(Vs, Route(0)));  // killed before the write
        ledger.Landed(Vs, Route(20));
        Assert.Equal(recorded, Snapshot(ledger)); // so the record needs no second save
        // The next step plans from there: the landed write becomes the last one, and a new intent follows it.
        ledger.Intend(Vs, Route(20), Route(50));
        Assert.Null(ledger.Drift(Vs, Route(20)));
        Assert.Null(ledger.Drift(Vs, Route(50)));
        Assert.NotNull(ledger.Drift(Vs, Route(0)));
    }

    [Fact]
    public void Someone_elses_edit_after_an_intended_write_is_drift_measured_from_that_write()
    {
        var ledger = new ObjectLedger();
        ledger.Written(Vs, Route(0));
        ledger.Intend(Vs, Route(0), Route(20));
        var drift = ledger.Drift(Vs, Route(50));
        Assert.NotNull(drift);
        Assert.Contains(drift.Differences, d => d.Contains("expected 80, found 50"));
    }

    [Fact]
    public void Adopting_what_the_ledger_already_says_changes_nothing()
    {
        var ledger = new ObjectLedger();
        ledger.Written(Vs, Route(0));
        ledger.Intend(Vs, Route(0), Route(20));
        var recorded = Snapshot(ledger);
        ledger.Adopt(Vs, Route(20));
        Assert.Equal(recorded, Snapshot(ledger));
        ledger.Adopt(Vs, Route(35)); // a state the ledger did not know becomes Graylane's last write
        Assert.Null(ledger.Drift(Vs, Route(35)));
        Assert.Null(ledger.Find(Vs)!.PendingWrite);
    }

    [Fact]
    public void A_write_of_a_step_without_a_lease_is_in_flight_until_it_lands_or_its_time_is_up()
    {
        var now = new DateTimeOffset(2026, 12, 1, 18, 0, 0, TimeSpan.Zero);
        var ledger = new ObjectLedger();
        ledger.Written(Vs, Route(0));
        ledger.Intend(Vs, Route(0), Route(20), until: now.AddSeconds(60));

        Assert.NotNull(ledger.InFlight(Vs, Route(0), now));           // recorded, not landed: it may still land
        Assert.True(ledger.Unlanded(Vs, Route(0)));
        Assert.Null(ledger.InFlight(Vs, Route(20), now));             // landed
        Assert.False(ledger.Unlanded(Vs, Route(20)));
        Assert.Null(ledger.InFlight(Vs, Route(0), now.AddSeconds(61))); // a stopped step's write never lands
        Assert.True(ledger.Unlanded(Vs, Route(0)));                    // but the record is still ahead of the cluster

        // A Lease holder's pending write is never in flight for another step (none runs meanwhile); settling clears the time.
        ledger.Intend(Vs, Route(20), Route(50));
        Assert.Null(ledger.InFlight(Vs, Route(20), now));
        ledger.Intend(Vs, Route(20), Route(50), until: now.AddSeconds(60));
        ledger.SettleAll();
        Assert.Null(ledger.Find(Vs)!.PendingUntil);
        Assert.Null(ledger.InFlight(Vs, Route(20), now));
    }

    private static string Snapshot(ObjectLedger ledger) =>
        string.Join("|", ledger.Objects.Select(o => $"{o.LastWritten?.ToJsonString()}>{o.PendingWrite?.ToJsonString()}"));
}
