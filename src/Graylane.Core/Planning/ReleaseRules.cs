using Graylane.Core.Model;

namespace Graylane.Core.Planning;

/// <summary>Which step may run in which phase. Checked before any write, so a refused step changes nothing.</summary>
public static class ReleaseRules
{
    /// <summary>deploy-gray: a new release, or a re-run of the one in progress with the same version.</summary>
    public static void EnsureCanDeploy(ReleaseRecord? record, string version)
    {
        if (record is null || !record.Phase.InProgress()) return;
        if (record.GrayVersion == version) return;
        throw new ReleaseConflictException(
            $"another {record.Describe()} is in progress in namespace {record.Namespace}; promote it or roll it back before starting version {version}");
    }

    public static ReleaseRecord EnsureCanShift(ReleaseRecord? record, string app)
    {
        var r = Require(record, app, "shift-traffic");
        if (r.Phase is ReleasePhase.GrayReady or ReleasePhase.Shifted) return r;
        throw new ReleaseConflictException(r.Phase switch
        {
            ReleasePhase.Deploying => $"the gray version of {app} is still being deployed; run deploy-gray to completion first",
            ReleasePhase.Promoting or ReleasePhase.Promoted => $"the {r.Describe()} is already promoted; traffic belongs to {r.GrayVersion}",
            _ => $"the {r.Describe()} has ended ({r.Phase}); start a new release with deploy-gray",
        });
    }

    public static ReleaseRecord EnsureCanPromote(ReleaseRecord? record, string app)
    {
        var r = Require(record, app, "promote");
        if (r.Phase is ReleasePhase.GrayReady or ReleasePhase.Shifted or ReleasePhase.Promoting or ReleasePhase.Promoted) return r;
        throw new ReleaseConflictException(r.Phase == ReleasePhase.Deploying
            ? $"the gray version of {app} is not deployed yet; run deploy-gray to completion first"
            : $"the {r.Describe()} has ended ({r.Phase}); there is nothing to promote");
    }

    public static ReleaseRecord EnsureCanRollBack(ReleaseRecord? record, string app)
    {
        var r = Require(record, app, "rollback");
        if (r.Phase == ReleasePhase.Failed)
            throw new ReleaseConflictException($"the {r.Describe()} failed and was already cleaned up; nothing to roll back");
        return r;
    }

    private static ReleaseRecord Require(ReleaseRecord? record, string app, string step) =>
        record ?? throw new ReleaseConflictException(
            $"no release of {app} found for {step}; start one with deploy-gray (check --app and --namespace)");
}
