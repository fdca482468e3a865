namespace Graylane.Core.Manifests;

/// <summary>What promote does with an object of the manifests that is not released through a gray copy.</summary>
public enum ObjectAction
{
    Unchanged,
    Create,
    Update,
}
