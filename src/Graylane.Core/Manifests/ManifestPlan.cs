namespace Graylane.Core.Manifests;

/// <summary>The whole release the manifests ask for: per Deployment, the config it reads, and everything applied at promote.</summary>
public sealed record ManifestPlan(
    IReadOnlyList<DeploymentRelease> Deployments,
    IReadOnlyList<ConfigChange> Configs,
    IReadOnlyList<OtherObjectChange> Others)
{
    /// <summary>The Deployments whose pods would run something new: these get gray copies.</summary>
    public IReadOnlyList<DeploymentRelease> Changed => Deployments.Where(d => d.Changed).ToList();

    /// <summary>Nothing of the manifests runs yet: they are applied as the baseline.</summary>
    public bool FirstRelease => Deployments.All(d => d.FirstRelease);

    /// <summary>Deployments that do not run yet while others do (a new service next to changed ones).</summary>
    public IReadOnlyList<DeploymentRelease> New => FirstRelease ? [] : Deployments.Where(d => d.FirstRelease).ToList();

    /// <summary>Every pod template and the config it reads match the cluster.</summary>
    public bool NothingToRelease => !FirstRelease && Changed.Count == 0 && New.Count == 0;

    public IReadOnlyList<OtherObjectChange> AppliedAtPromote => Others.Where(o => o.Action != ObjectAction.Unchanged).ToList();
}
