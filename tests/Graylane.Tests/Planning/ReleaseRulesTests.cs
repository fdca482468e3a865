using Graylane.Core.Json;
using Graylane.Core.Model;
using Graylane.Core.Planning;

namespace Graylane.Tests.Planning;

public class ReleaseRulesTests
{
    private static ReleaseRecord Record(ReleasePhase phase) => new()
    {
        App = "shop", Namespace = "prod", Phase = phase, BaselineVersion = "v1", GrayVersion = "v2", StartedBy = "alice",
    };

    [Fact]
    public void A_second_release_while_one_is_in_progress_names_the_one_in_progress()
    {
        var ex = Assert.Throws<ReleaseConflictException>(() => ReleaseRules.EnsureCanDeploy(Record(ReleasePhase.Shifted), "v3"));
        Assert.Contains("v1 -> v2", ex.Message);
        Assert.Contains("alice", ex.Message);
    }

    [Theory]
    [InlineData(ReleasePhase.Promoted)]
    [InlineData(ReleasePhase.RolledBack)]
    [InlineData(ReleasePhase.Failed)]
    public void A_new_release_may_start_after_one_ended(ReleasePhase phase)
    {
        Assert.Null(Xunit.Record.Exception(() => ReleaseRules.EnsureCanDeploy(Record(phase), "v3")));
        Assert.Null(Xunit.Record.Exception(() => ReleaseRules.EnsureCanDeploy(null, "v3")));   // the very first release
    }

    [Theory]
    [InlineData(ReleasePhase.Deploying)]
    [InlineData(ReleasePhase.GrayReady)]
    [InlineData(ReleasePhase.Shifted)]
    public void Rerunning_deploy_gray_of_the_same_version_is_allowed_and_another_version_is_not(ReleasePhase phase)
    {
        Assert.Null(Xunit.Record.Exception(() => ReleaseRules.EnsureCanDeploy(Record(phase), "v2")));
        Assert.Throws<ReleaseConflictException>(() => ReleaseRules.EnsureCanDeploy(Record(phase), "v3"));
    }

    [Fact]
    public void Shift_after_rollback_is_refused() =>
        Assert.Contains("has ended (RolledBack)", Assert.Throws<ReleaseConflictException>(() => ReleaseRules.EnsureCanShift(Record(ReleasePhase.RolledBack), "shop")).Message);

    [Fact]
    public void Promote_without_a_release_is_refused() =>
        Assert.Contains("no release of shop", Assert.Throws<ReleaseConflictException>(() => ReleaseRules.EnsureCanPromote(null, "shop")).Message);

    [Theory]
    [InlineData(ReleasePhase.Deploying)]
    [InlineData(ReleasePhase.GrayReady)]
    [InlineData(ReleasePhase.Shifted)]
    [InlineData(ReleasePhase.Promoting)]
    [InlineData(ReleasePhase.Promoted)]
    [InlineData(ReleasePhase.RollingBack)]
    [InlineData(ReleasePhase.RolledBack)]
    public void Rollback_is_allowed_at_any_point_of_a_release(ReleasePhase phase)
    {
        var record = Record(phase);
        Assert.Same(record, ReleaseRules.EnsureCanRollBack(record, "shop"));
    }

    [Fact]
    public void Rollback_of_a_failed_release_which_was_cleaned_up_already_or_of_none_is_refused()
    {
        Assert.Contains("already cleaned up", Assert.Throws<ReleaseConflictException>(() => ReleaseRules.EnsureCanRollBack(Record(ReleasePhase.Failed), "shop")).Message);
        Assert.Contains("no release of shop", Assert.Throws<ReleaseConflictException>(() => ReleaseRules.EnsureCanRollBack(null, "shop")).Message);
    }

    [Fact]
    public void The_record_round_trips_through_json()
    {
        var r = Record(ReleasePhase.Shifted);
        r.Snapshots.Add(new ObjectSnapshot { ApiVersion = "v1", Kind = "Service", Name = "shop", Existed = true, Object = Support.J.O("{'spec':{'selector':{'app':'shop'}}}") });
        var json = GraylaneJson.Serialize(r);
        Assert.Contains("\"phase\": \"Shifted\"", json);
        var back = GraylaneJson.Deserialize(json);
        Assert.Equal(GraylaneJson.Serialize(back), json);
    }
}
