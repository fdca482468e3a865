using System.Diagnostics;

namespace Graylane.LocalCluster.Tests.Kubectl;

/// <summary>Runs the real kubectl against a test cluster's kubeconfig, with its own discovery cache directory.</summary>
internal sealed class KubectlRunner(TestCluster cluster)
{
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
        psi.ArgumentList.Add(cluster.KubeconfigPath);
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
