using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Graylane.Tests.Support;

namespace Graylane.Tests.Prometheus;

/// <summary>
/// A real Prometheus (the `prometheus` program on the PATH; .ci/run installs the Debian package) scraping one target every
/// second into a temporary storage directory, on a free loopback port. Tests using it are [ToolFact("prometheus")], so
/// they are reported skipped where it cannot be had.
/// </summary>
public sealed class RealPrometheus : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _dir;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    private RealPrometheus(Process process, string dir, Uri url)
    {
        _process = process;
        _dir = dir;
        Url = url;
    }

    public Uri Url { get; }

    /// <summary>The version line of `prometheus --version` (e.g. "prometheus, version 2.42.0+ds ...").</summary>
    public static string Version()
    {
        using var p = Process.Start(new ProcessStartInfo(Tools.Require("prometheus"), "--version") { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var text = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
        p.WaitForExit();
        return text.Split('\n')[0].Trim();
    }

    /// <param name="scrapeTarget">The metrics URL (http://127.0.0.1:port/metrics).</param>
    public static async Task<RealPrometheus> StartAsync(Uri scrapeTarget)
    {
        var dir = Directory.CreateTempSubdirectory("graylane-prometheus-").FullName;
        var config = Path.Combine(dir, "prometheus.yml");
        await File.WriteAllTextAsync(config, $"""
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
              evaluation_interval: 1s
            scrape_configs:
              - job_name: graylane-local-cluster
                metrics_path: {scrapeTarget.AbsolutePath}
                static_configs:
                  - targets: ["{scrapeTarget.Authority}"]
            """);
        var port = FreePort();
        var start = new ProcessStartInfo(Tools.Require("prometheus"))
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var a in new[]
                 {
                     $"--config.file={config}", $"--storage.tsdb.path={Path.Combine(dir, "data")}",
                     $"--web.listen-address=127.0.0.1:{port}", "--log.level=warn",
                 })
            start.ArgumentList.Add(a);
        var process = Process.Start(start)!;
        var log = new System.Text.StringBuilder();
        process.ErrorDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        process.OutputDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        var prometheus = new RealPrometheus(process, dir, new Uri($"http://127.0.0.1:{port}/"));
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            if (process.HasExited)
            {
                await prometheus.DisposeAsync();
                lock (log) throw new InvalidOperationException($"prometheus exited with {process.ExitCode}: {log}");
            }
            try
            {
                using var r = await prometheus._http.GetAsync(new Uri(prometheus.Url, "-/ready"));
                if (r.StatusCode == HttpStatusCode.OK) return prometheus;
            }
            catch (HttpRequestException) { }
            if (DateTime.UtcNow > deadline)
            {
                await prometheus.DisposeAsync();
                lock (log) throw new TimeoutException($"prometheus did not become ready: {log}");
            }
            await Task.Delay(100);
        }
    }

    /// <summary>Its query API (instant queries, read as one number).</summary>
    public PrometheusEndpoint Api => new(Url);

    public Task<double?> WaitForValueAsync(string query, TimeSpan? within = null) => Api.WaitForValueAsync(query, within);

    public Task<double?> QueryAsync(string query, DateTimeOffset? at = null) => Api.QueryAsync(query, at);

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException) { }
        _process.Dispose();
        _http.Dispose();
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }
}
