namespace Graylane.LocalCluster.Tests.Kubectl;

/// <summary>A fact that is skipped (with the reason shown) when /usr/bin/kubectl is not installed.</summary>
public sealed class KubectlFactAttribute : FactAttribute
{
    public const string Path = "/usr/bin/kubectl";

    public KubectlFactAttribute()
    {
        if (!File.Exists(Path)) Skip = $"kubectl is not installed at {Path}; the kubectl round trip needs the real binary";
    }
}
