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
    public void A_new_release_may_start_after_one_ended(ReleasePhase phase) => ReleaseRules.EnsureCanDeploy(Record(phase), "v3");

    [Fact]
    public void Rerunning_deploy_gray_of_the_same_version_is_allowed() => ReleaseRules.EnsureCanDeploy(Record(ReleasePhase.Deploying), "v2");

    [Fact]
    public void Shift_after_rollback_is_refused() =>
        Assert.Contains("has ended (RolledBack)", Assert.Throws<ReleaseConflictException>(() => ReleaseRules.EnsureCanShift(Record(ReleasePhase.RolledBack), "shop")).Message);

    [Fact]
    public void Promote_without_a_release_is_refused() =>
        Assert.Contains("no release of shop", Assert.Throws<ReleaseConflictException>(() => ReleaseRules.EnsureCanPromote(null, "shop")).Message);

    [Theory]
    [InlineData(ReleasePhase.GrayReady)]
    [InlineData(ReleasePhase.Shifted)]
    [InlineData(ReleasePhase.Promoted)]
    [InlineData(ReleasePhase.RolledBack)]
    public void Rollback_is_allowed_at_any_point_of_a_release(ReleasePhase phase) => ReleaseRules.EnsureCanRollBack(Record(phase), "shop");

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
