using System.Diagnostics;
using System.Text.RegularExpressions;
using Graylane.Tests.Support;

namespace Graylane.Tests.Connection;

/// <summary>
/// A step whose kubeconfig pins the cluster's CA never reads the system trust store (~150 files on a CI runner, the
/// largest CPU cost of a short step). Seen from outside: the graylane program built with these tests, run as a
/// pipeline runs it, under strace.
/// </summary>
public class SystemTrustStoreTests
{
    // The trust store locations of Debian/Ubuntu, Alpine and RHEL-like systems (files and directories).
    private static readonly Regex StoreFile = new(@"openat\([^""]*""(/etc/ssl/certs/|/usr/lib/ssl/cert|/etc/pki/|/etc/ssl/cert\.pem)");

    [StraceFact]
    public async Task A_step_reads_no_system_trust_store_when_the_kubeconfig_pins_a_CA()
    {
        await using var c = await ClusterFixture.StartAsync();
        Assert.Equal(0, (await c.RunAsync("deploy-gray", ("service", "nginx-service"), ("image", "nginx:1.27"), ("version", "v2"))).Code);

        var pinned = await TraceAsync(c.Kubeconfig, "shift-traffic", "--app", "nginx-service", "--weight", "100");

        Assert.True(pinned.Exit == 0, pinned.Output);
        Assert.True(pinned.StoreReads.Count == 0, "read the system trust store:\n" + string.Join("\n", pinned.StoreReads.Take(5)));
        Assert.Equal("v2", c.Selector("nginx-service"));
    }

    [StraceFact]
    public async Task Without_a_CA_in_the_kubeconfig_the_system_store_decides()
    {
        // The counterpart, which also shows the trace would see a read: no CA named, so the store is loaded (and the
        // local cluster's own CA, which is not in it, is refused).
        await using var c = await ClusterFixture.StartAsync();
        var kubeconfig = KubeconfigVariants.Write(Path.GetDirectoryName(c.Kubeconfig)!, "no-ca",
            KubeconfigVariants.WithCa(File.ReadAllText(c.Kubeconfig), null));

        var unpinned = await TraceAsync(kubeconfig, "status", "--app", "nginx-service");

        Assert.Equal(1, unpinned.Exit);
        Assert.NotEmpty(unpinned.StoreReads);
    }

    private static async Task<(int Exit, string Output, List<string> StoreReads)> TraceAsync(string kubeconfig, params string[] args)
    {
        var program = Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "graylane.exe" : "graylane");
        var trace = Path.Combine(Path.GetDirectoryName(kubeconfig)!, $"strace-{Guid.NewGuid():N}.txt");
        var psi = new ProcessStartInfo(StraceFactAttribute.Strace!)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in (string[])["-f", "-qq", "-e", "trace=openat", "-o", trace, program, .. args, "--kubeconfig", kubeconfig])
            psi.ArgumentList.Add(a);
        // As a pipeline runs it: nothing from the test runner's environment chooses the cluster or the store.
        foreach (var name in new[] { "KUBECONFIG", "GITHUB_ACTIONS", "TF_BUILD", "SSL_CERT_FILE", "SSL_CERT_DIR" }) psi.Environment.Remove(name);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await p.WaitForExitAsync(cts.Token);
        var reads = File.ReadLines(trace).Where(l => StoreFile.IsMatch(l)).ToList();
        return (p.ExitCode, await stdout + await stderr, reads);
    }
}
