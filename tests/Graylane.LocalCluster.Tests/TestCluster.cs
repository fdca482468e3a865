using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using k8s;

namespace Graylane.LocalCluster.Tests;

/// <summary>A started local cluster plus a real KubernetesClient built from the kubeconfig it wrote.</summary>
public sealed class TestCluster : IAsyncDisposable
{
    private readonly string _dir;

    private TestCluster(LocalClusterServer server, Kubernetes client, string dir, string kubeconfigPath)
    {
        Server = server;
        Client = client;
        _dir = dir;
        KubeconfigPath = kubeconfigPath;
    }

    public LocalClusterServer Server { get; }
    public Kubernetes Client { get; }
    public string KubeconfigPath { get; }
    public string Dir => _dir;

    /// <param name="controllers">Run the Deployment/ReplicaSet/Pod controllers (kubectl wait, rollout); off by default.</param>
    public static async Task<TestCluster> StartAsync(LocalClusterOptions? options = null, bool controllers = false)
    {
        // Most tests check the API alone; controllers writing status would move resourceVersions under them.
        options ??= new LocalClusterOptions();
        options.RunControllers = controllers;
        var server = await LocalClusterServer.StartAsync(options);
        var dir = Directory.CreateTempSubdirectory("graylane-sim-").FullName;
        var path = Path.Combine(dir, "kubeconfig");
        server.WriteKubeconfig(path);
        var config = KubernetesClientConfiguration.BuildConfigFromConfigFile(path);
        return new TestCluster(server, new Kubernetes(config), dir, path);
    }

    /// <summary>A raw request through the client's HttpClient and credentials (custom objects, watch).</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string pathAndQuery, string? body = null,
        string contentType = "application/json", HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead,
        CancellationToken ct = default)
    {
        var request = new HttpRequestMessage(method, new Uri(Client.BaseUri, pathAndQuery));
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }
        await Client.Credentials.ProcessHttpRequestAsync(request, ct);
        return await Client.HttpClient.SendAsync(request, completion, ct);
    }

    public async Task<(int Code, JsonObject Body)> SendJsonAsync(HttpMethod method, string pathAndQuery, string? body = null,
        string contentType = "application/json")
    {
        using var response = await SendAsync(method, pathAndQuery, body, contentType);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, (JsonObject)JsonNode.Parse(text)!);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
        try { Directory.Delete(_dir, recursive: true); }
        catch (IOException) { }
    }
}
