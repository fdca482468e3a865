using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Graylane.Tests.Packaging.TaskHarness;

/// <summary>
/// Serves a folder of release archives over HTTP on loopback, as the GitHub release (or a mirror) serves them to a
/// task: GET /&lt;scope&gt;/&lt;file&gt;. Each test uses its own scope, so the downloads it caused can be counted; the
/// scope "tampered" serves every archive with one byte changed.
/// </summary>
public sealed class ReleaseAssetServer : IDisposable
{
    public const string TamperedScope = "tampered";

    private readonly string _folder;
    private readonly HttpListener _listener;
    private readonly ConcurrentQueue<string> _requests = new();

    public ReleaseAssetServer(string folder)
    {
        _folder = folder;
        (_listener, Port) = Listen();
        _ = ServeAsync();
    }

    public int Port { get; }

    /// <summary>The base URL a task is pointed at (GRAYLANE_DOWNLOAD_URL) for one scope.</summary>
    public string Url(string scope) => $"http://127.0.0.1:{Port}/{scope}/";

    /// <summary>The paths requested in a scope, in order.</summary>
    public IReadOnlyList<string> Requests(string scope) => _requests.Where(p => p.StartsWith($"/{scope}/", StringComparison.Ordinal)).ToList();

    public void Dispose() => _listener.Close();

    private static (HttpListener, int) Listen()
    {
        for (var attempt = 0; ; attempt++)
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            var listener = new HttpListener();
            listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            try
            {
                listener.Start();
                return (listener, port);
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                listener.Close(); // the port was taken in between: another one
            }
        }
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            var path = context.Request.Url!.AbsolutePath;
            _requests.Enqueue(path);
            var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
            var file = parts.Length == 2 ? Path.Combine(_folder, parts[1]) : null;
            using var response = context.Response;
            if (file is null || !File.Exists(file) || parts[1].Contains(".."))
            {
                response.StatusCode = 404;
                continue;
            }
            var bytes = await File.ReadAllBytesAsync(file);
            if (parts[0] == TamperedScope) bytes[bytes.Length / 2] ^= 0xFF;
            response.ContentType = "application/octet-stream";
            response.ContentLength64 = bytes.Length;
            await response.OutputStream.WriteAsync(bytes);
        }
    }
}
