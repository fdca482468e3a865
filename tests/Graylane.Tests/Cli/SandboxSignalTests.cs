using System.Diagnostics;
using Graylane.Tests.Support;

namespace Graylane.Tests.Cli;

/// <summary>
/// The built graylane, started in the background of a non-interactive `bash -c` script (where the shell makes it ignore
/// SIGINT), stops on SIGTERM: it exits 0 by itself and keeps its kubeconfig unless asked to remove it.
/// </summary>
public class SandboxSignalTests
{
    // Only a bound, never asserted as a time: the sandbox stops in about 0.1 s; one still running after this long is taken
    // for hung and gets SIGKILL, whose exit code (137) fails the test. Generous, so a loaded CI machine cannot fail it.
    private const int BoundSeconds = 60;

    [ToolFact("bash", "dotnet")]
    public async Task Sigterm_stops_a_background_sandbox_and_keeps_its_kubeconfig()
    {
        var (exit, elapsedMs, kubeconfigKept, log) = await RunAsync("");

        Assert.True(exit == 0, $"exit {exit} after {elapsedMs} ms (137: still running after {BoundSeconds} s, killed)\n{log}");
        Assert.True(kubeconfigKept, log);
        Assert.Contains("still running after SIGINT", log); // the shell made the background job ignore SIGINT
        Assert.Contains("Stopping on SIGTERM.", log);
    }

    [ToolFact("bash", "dotnet")]
    public async Task Remove_kubeconfig_on_exit_deletes_the_file_it_wrote()
    {
        var (exit, _, kubeconfigKept, log) = await RunAsync("--remove-kubeconfig-on-exit");

        Assert.True(exit == 0, $"exit {exit}\n{log}");
        Assert.False(kubeconfigKept, log);
    }

    [ToolFact("bash", "dotnet", "kubectl")]
    public async Task Sigterm_stops_the_sandbox_while_kubectl_is_watching()
    {
        var (exit, elapsedMs, _, log) = await RunAsync("", watchWithKubectl: true);

        Assert.True(exit == 0, $"exit {exit} after {elapsedMs} ms (137: still running after {BoundSeconds} s, killed)\n{log}");
        Assert.Contains("watch answered", log); // the stop came while kubectl's watch was open
        Assert.Contains("default", log);
    }

    [Fact]
    public async Task Remove_kubeconfig_on_exit_without_a_kubeconfig_file_is_refused()
    {
        var stderr = new StringWriter();
        var code = await Graylane.Cli.CommandDispatcher.RunAsync(["sandbox", "--remove-kubeconfig-on-exit"], new Dictionary<string, string>(),
            new StringWriter(), stderr, CancellationToken.None);

        Assert.Equal(2, code);
        Assert.Contains("--remove-kubeconfig-on-exit needs --write-kubeconfig", stderr.ToString());
    }

    private static async Task<(int Exit, long ElapsedMs, bool KubeconfigKept, string Log)> RunAsync(string flags, bool watchWithKubectl = false)
    {
        var dir = Directory.CreateTempSubdirectory("graylane-sandbox-").FullName;
        try
        {
            var kubeconfig = Path.Combine(dir, "kubeconfig");
            var log = Path.Combine(dir, "sandbox.log");
            var dll = Path.Combine(AppContext.BaseDirectory, "graylane.dll");
            var watch = watchWithKubectl
                ? $"""
                  "{Tools.Require("kubectl")}" --kubeconfig "{kubeconfig}" --cache-dir "{dir}/cache" get ns -w > "{dir}/watch.log" 2>&1 &
                  wpid=$!
                  for i in $(seq 1 1200); do grep -q default "{dir}/watch.log" 2>/dev/null && break; sleep 0.1; done
                  grep -q default "{dir}/watch.log" 2>/dev/null && echo "watch answered"
                  """
                : "";
            var script = $"""
                wpid=
                "{Tools.Require("dotnet")}" "{dll}" sandbox --write-kubeconfig "{kubeconfig}" {flags} > "{log}" 2>&1 &
                pid=$!
                for i in $(seq 1 1200); do [ -s "{kubeconfig}" ] && break; sleep 0.1; done
                if ! [ -s "{kubeconfig}" ]; then echo "no kubeconfig after 120 s"; kill -KILL $pid; exit 90; fi
                {watch}
                kill -INT $pid; sleep 0.5
                kill -0 $pid 2>/dev/null && echo "still running after SIGINT"
                start=$(date +%s%N)
                kill -TERM $pid
                for i in $(seq 1 {BoundSeconds * 10}); do kill -0 $pid 2>/dev/null || break; sleep 0.1; done
                if kill -0 $pid 2>/dev/null; then kill -KILL $pid; fi
                wait $pid; code=$?
                echo "exit=$code ms=$(( ($(date +%s%N) - start) / 1000000 ))"
                [ -n "$wpid" ] && kill $wpid 2>/dev/null
                [ -f "{dir}/watch.log" ] && cat "{dir}/watch.log"
                true
                """;
            var psi = new ProcessStartInfo(Tools.Require("bash")) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            psi.ArgumentList.Add("-c");
            psi.ArgumentList.Add(script);
            using var process = Process.Start(psi)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromMinutes(6)).Token);
            var output = await stdout;
            var text = $"{output}{await stderr}\n--- sandbox log ---\n{(File.Exists(log) ? await File.ReadAllTextAsync(log) : "")}";
            var result = System.Text.RegularExpressions.Regex.Match(output, @"exit=(\d+) ms=(\d+)");
            Assert.True(result.Success, text);
            return (int.Parse(result.Groups[1].Value), long.Parse(result.Groups[2].Value), File.Exists(kubeconfig), text);
        }
        finally
        {
            try { Directory.Delete(dir, true); } catch (IOException) { }
        }
    }
}
