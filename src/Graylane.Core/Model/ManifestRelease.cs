namespace Graylane.Core.Model;

/// <summary>
/// A release made from --manifests: what promote applies (the manifests' objects, Secrets only as a hash — their content
/// is in the Secret beside the record), the config and HPA copies the gray reads, and how far an in-place promote got.
/// </summary>
public sealed class ManifestRelease
{
    /// <summary>Where the manifests came from (file names), for status and the job summary.</summary>
    public List<string> Sources { get; set; } = [];
    /// <summary>True when promote keeps the stable names (the stable Deployment takes the new template).</summary>
    public bool InPlace { get; set; }
    /// <summary>Nothing ran before: the manifests were applied as the baseline.</summary>
    public bool FirstRelease { get; set; }
    /// <summary>The manifests' objects to make current at promote, in the manifests' order.</summary>
    public List<DesiredObject> Desired { get; set; } = [];
    /// <summary>Config objects the gray reads under another name (copies) or that the release created.</summary>
    public List<ConfigCopy> ConfigCopies { get; set; } = [];
    /// <summary>HPA copies targeting the gray Deployments (deleted at promote and rollback).</summary>
    public List<string> AutoscalerCopies { get; set; } = [];
    /// <summary>Secrets changed by the release: their snapshot is in the vault Secret, the record keeps a hash.</summary>
    public List<SecretSnapshot> SecretSnapshots { get; set; } = [];
    /// <summary>In-place promote's progress, so a re-run after a crash continues where it stopped.</summary>
    public InPlaceStage Stage { get; set; }
    /// <summary>A rollback after the stable was changed: how far the reverse release got.</summary>
    public InPlaceRollbackStage RollbackStage { get; set; }
}
