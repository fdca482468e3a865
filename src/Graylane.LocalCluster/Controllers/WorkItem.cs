namespace Graylane.LocalCluster.Controllers;

/// <summary>A reconcile key: the reconcilers re-read the current state, so the key is all they need.</summary>
internal readonly record struct WorkItem(WorkKind Kind, string Namespace, string Name);
