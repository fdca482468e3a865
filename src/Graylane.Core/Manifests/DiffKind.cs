namespace Graylane.Core.Manifests;

public enum DiffKind
{
    Added,
    Removed,
    Changed,
}
