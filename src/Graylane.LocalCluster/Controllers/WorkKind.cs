namespace Graylane.LocalCluster.Controllers;

/// <summary>Which reconciler a queued key belongs to.</summary>
internal enum WorkKind
{
    Deployment,
    ReplicaSet,
    Pod,
    Service,
    /// <summary>Every Service of a namespace (a pod changed there; cheaper to resync than to index selectors).</summary>
    ServicesInNamespace,
}
