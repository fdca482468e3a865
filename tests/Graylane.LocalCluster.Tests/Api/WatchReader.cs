using System.Text.Json.Nodes;

namespace Graylane.LocalCluster.Tests.Api;

/// <summary>Reads a watch stream line by line, as a client without watch helpers must.</summary>
internal sealed class WatchReader(HttpResponseMessage response, StreamReader reader) : IAsyncDisposable
{
    public static async Task<WatchReader> OpenAsync(TestCluster c, string pathAndQuery)
    {
        var response = await c.SendAsync(HttpMethod.Get, pathAndQuery, completion: HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(200, (int)response.StatusCode);
        return new WatchReader(response, new StreamReader(await response.Content.ReadAsStreamAsync()));
    }

    /// <summary>The next event, or null when the server ended the stream. Fails the test after 30 s (a bound, for a loaded machine).</summary>
    public async Task<JsonObject?> NextAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var line = await reader.ReadLineAsync(cts.Token);
        return line is null ? null : (JsonObject)JsonNode.Parse(line)!;
    }

    public async ValueTask DisposeAsync()
    {
        reader.Dispose();
        response.Dispose();
        await Task.CompletedTask;
    }
}
