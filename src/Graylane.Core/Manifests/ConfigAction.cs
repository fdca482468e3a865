namespace Graylane.Core.Manifests;

/// <summary>What a release does with a ConfigMap or Secret of the manifests that the new pod template reads.</summary>
public enum ConfigAction
{
    /// <summary>Same content as the live object: the gray reads the live one.</summary>
    Unchanged,
    /// <summary>Content differs: a &lt;name&gt;-&lt;version&gt; copy for the gray pods; the baseline keeps reading the original.</summary>
    Copy,
    /// <summary>No live object of that name (e.g. kustomize's hash-suffixed names): created under its own name; only the gray reads it.</summary>
    Create,
}
