namespace Graylane.LocalCluster.Tests.Kubectl;

/// <summary>A fact that is skipped (with the reason shown) when kubectl is not on the PATH.</summary>
public sealed class KubectlFactAttribute : FactAttribute
{
    /// <summary>The kubectl the PATH finds first (as a user's shell would), or null.</summary>
    public static string? Path { get; } = Find();

    public KubectlFactAttribute()
    {
        if (Path is null) Skip = "kubectl is not on the PATH; the kubectl round trip needs the real binary (.ci/run installs it with apt)";
    }

    private static string? Find()
    {
        var names = OperatingSystem.IsWindows() ? new[] { "kubectl.exe" } : ["kubectl"];
        return (Environment.GetEnvironmentVariable("PATH") ?? "").Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(dir => names.Select(n => System.IO.Path.Combine(dir, n)))
            .FirstOrDefault(File.Exists);
    }
}
