using System.Diagnostics;

namespace Graylane.LocalCluster.Tests.Kubectl;

/// <summary>
/// Runs the real kubectl against a test cluster's kubeconfig (or another one for the same cluster, e.g. with a
/// ServiceAccount's token), with its own discovery cache directory.
/// </summary>
internal sealed class KubectlRunner(TestCluster cluster, string? kubeconfigYaml = null)
{
    private readonly string _kubeconfig = kubeconfigYaml is null
        ? cluster.KubeconfigPath
        : WriteKubeconfig(cluster, kubeconfigYaml);

    private static string WriteKubeconfig(TestCluster cluster, string yaml)
    {
        var path = System.IO.Path.Combine(cluster.Dir, $"kubeconfig-{Guid.NewGuid():N}");
        File.WriteAllText(path, yaml);
        return path;
    }

    public async Task<(int Exit, string Out, string Err)> RunAsync(params string[] args)
    {
        var psi = new ProcessStartInfo(KubectlFactAttribute.Path ?? throw new InvalidOperationException("kubectl is not on the PATH"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add("--kubeconfig");
        psi.ArgumentList.Add(_kubeconfig);
        psi.ArgumentList.Add("--cache-dir");
        psi.ArgumentList.Add(System.IO.Path.Combine(cluster.Dir, "kubectl-cache"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["HOME"] = cluster.Dir;
        using var process = Process.Start(psi)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(cts.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Runs kubectl and fails the test with its output when it does not exit 0.</summary>
    public async Task<string> OkAsync(params string[] args)
    {
        var (exit, output, error) = await RunAsync(args);
        Assert.True(exit == 0, $"kubectl {string.Join(' ', args)} exited {exit}\nstdout: {output}\nstderr: {error}");
        return output;
    }

    public string WriteFile(string name, string content)
    {
        var path = System.IO.Path.Combine(cluster.Dir, name);
        File.WriteAllText(path, content);
        return path;
    }
}
