using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Graylane.Tests.Packaging;

/// <summary>
/// An HTTP proxy on loopback that records each request's head (request line and headers). A GET — absolute form
/// through the proxy, or origin form when a client comes straight to it — is answered with the file of that name
/// from a folder; a CONNECT is refused with 403 (a test has no TLS server to tunnel to).
/// </summary>
public sealed class RecordingProxy : IDisposable
{
    private readonly string _folder;
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly ConcurrentQueue<string> _heads = new();

    public RecordingProxy(string folder)
    {
        _folder = folder;
        _listener.Start();
        _ = AcceptAsync();
    }

    public string Url => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    public IReadOnlyList<string> Heads => _heads.ToList();

    public void Dispose() => _listener.Stop();

    private async Task AcceptAsync()
    {
        while (true)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync();
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return;
            }
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            var stream = client.GetStream();
            var head = new StringBuilder();
            var buffer = new byte[1];
            while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal) && await stream.ReadAsync(buffer) == 1)
                head.Append((char)buffer[0]);
            _heads.Enqueue(head.ToString());
            var requestLine = head.ToString().Split("\r\n")[0].Split(' ');
            byte[] body = [];
            var status = "403 Forbidden";
            if (requestLine[0] == "GET")
            {
                var file = Path.Combine(_folder, requestLine[1].Split('/').Last());
                (status, body) = File.Exists(file) ? ("200 OK", await File.ReadAllBytesAsync(file)) : ("404 Not Found", []);
            }
            await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 {status}\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n"));
            await stream.WriteAsync(body);
        }
    }
}
