using System.Diagnostics;

namespace Graylane.Tests.Manifests;

/// <summary>A fact skipped (with the reason shown) when kubectl is not on the PATH: the "kubectl apply changes nothing" checks need the real client.</summary>
public sealed class KubectlFactAttribute : FactAttribute
{
    public static string? Path { get; } = (Environment.GetEnvironmentVariable("PATH") ?? "")
        .Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
        .Select(dir => System.IO.Path.Combine(dir, OperatingSystem.IsWindows() ? "kubectl.exe" : "kubectl"))
        .FirstOrDefault(File.Exists);

    public KubectlFactAttribute()
    {
        if (Path is null) Skip = "kubectl is not on the PATH; this test runs the real kubectl apply (.ci/run installs it with apt)";
    }
}

/// <summary>Runs the real kubectl against a test cluster, with its own HOME and discovery cache.</summary>
public static class Kubectl
{
    public static async Task<(int Exit, string Out, string Err)> RunAsync(string kubeconfig, string dir, params string[] args)
    {
        var psi = new ProcessStartInfo(KubectlFactAttribute.Path ?? throw new InvalidOperationException("kubectl is not on the PATH"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "--kubeconfig", kubeconfig, "--cache-dir", System.IO.Path.Combine(dir, "kubectl-cache") }.Concat(args)) psi.ArgumentList.Add(a);
        psi.Environment["HOME"] = dir;
        using var process = Process.Start(psi)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(cts.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}
