using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Graylane.LocalCluster.Api;
using Graylane.LocalCluster.Resources;
using Graylane.LocalCluster.Schemas;
using Graylane.LocalCluster.Storage;
using Graylane.LocalCluster.Tls;
using Graylane.LocalCluster.Watching;
using Graylane.LocalCluster.Yaml;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Graylane.LocalCluster;

/// <summary>
/// The local cluster: an in-process Kubernetes API server on 127.0.0.1 (plain HTTP, bearer token) that the
/// real KubernetesClient and kubectl work against. Seed it with ApplyYamlAsync, inspect it with Get/List,
/// count requests with Requests, break it with Faults.
/// </summary>
public sealed partial class LocalClusterServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<string, Func<HttpContext, Task>> _extraEndpoints = new(StringComparer.Ordinal);
    private readonly EventHistory _history;
    private readonly ClusterState _state;
    private readonly LocalClusterOptions _options;
    private readonly LocalCertificates _certificates;

    private LocalClusterServer(LocalClusterOptions options)
    {
        _options = options;
        Store = new ObjectStore(options.Time);
        Resources = new ResourceRegistry();
        _history = new EventHistory(Store, options.WatchHistorySize);
        _state = new ClusterState(Store, Resources, _history, options.Time);
        Faults = new FaultInjector(_history.CloseAll);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<Microsoft.Extensions.Hosting.IHostLifetime, EmbeddedLifetime>();
        _certificates = new LocalCertificates();
        builder.WebHost.UseKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, options.Port);
            k.Listen(IPAddress.Loopback, 0, l => l.UseHttps(_certificates.ServerCertificate));
        });
        _app = builder.Build();
        Authorization = new Authorization.ClusterAuthorization(Store, options.Time, options.Token, options.Authorization);
        var dispatcher = new ApiDispatcher(_state, Authorization, Requests, Faults, _extraEndpoints,
            options.WatchBookmarkInterval, _stopping.Token);
        _app.Run(dispatcher.HandleAsync);
    }

    /// <summary>http://127.0.0.1:port — the plain-HTTP listener (API with the bearer token, and MapEndpoint paths).</summary>
    public Uri Url { get; private set; } = new("http://127.0.0.1/");

    /// <summary>
    /// https://127.0.0.1:port — the same API over TLS with a certificate from a CA made at start. Kubeconfigs
    /// point here because client-go (kubectl) never sends a bearer token over plain HTTP.
    /// </summary>
    public Uri SecureUrl { get; private set; } = new("https://127.0.0.1/");

    /// <summary>PEM of the CA that signed the HTTPS certificate.</summary>
    public string CertificateAuthorityPem => _certificates.CaPem;
    public ObjectStore Store { get; }
    public ResourceRegistry Resources { get; }
    public ApiRequestLog Requests { get; } = new();

    /// <summary>Who may do what: the admin token, ServiceAccount tokens (IssueToken), and in RBAC mode the decisions made.</summary>
    public Authorization.ClusterAuthorization Authorization { get; }
    public FaultInjector Faults { get; }

    public static async Task<LocalClusterServer> StartAsync(LocalClusterOptions? options = null, CancellationToken ct = default)
    {
        options ??= new LocalClusterOptions();
        var server = new LocalClusterServer(options);
        server.Seed();
        server.StartBehaviour();
        await server._app.StartAsync(ct);
        await server.StartExporterAsync(ct);
        var addresses = server._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        server.Url = new Uri(addresses.First(a => a.StartsWith("http://", StringComparison.Ordinal)));
        server.SecureUrl = new Uri(addresses.First(a => a.StartsWith("https://", StringComparison.Ordinal)));
        return server;
    }

    /// <summary>Namespaces every cluster has, plus the CRDs asked for.</summary>
    private void Seed()
    {
        foreach (var ns in new[] { "default", "kube-system", "istio-system" })
            Store.Create(BuiltInTypes.Namespaces, new JsonObject
            {
                ["metadata"] = new JsonObject { ["name"] = ns, ["labels"] = new JsonObject { ["kubernetes.io/metadata.name"] = ns } },
                ["spec"] = new JsonObject { ["finalizers"] = new JsonArray("kubernetes") },
                ["status"] = new JsonObject { ["phase"] = "Active" },
            });
        var seeds = SeedCrds.For(_options);
        foreach (var seed in seeds) Resources.RegisterCrd(seed.Name, seed.Served);
        Store.Preload(BuiltInTypes.CustomResourceDefinitions, () => seeds.Select(s => CrdDefinition.WithStatus(s.Crd, _options.Time.GetUtcNow())));
        foreach (var doc in _options.ExtraCrdYaml.SelectMany(YamlJson.ParseDocuments).OfType<JsonObject>())
        {
            // Upstream bundles ship other kinds next to CRDs (e.g. admission policies): only CRDs are loaded.
            if (doc["kind"].Str() != "CustomResourceDefinition") continue;
            var existing = Store.Get(BuiltInTypes.CustomResourceDefinitions, null, doc.Name() ?? "");
            var stored = existing is null
                ? Store.Create(BuiltInTypes.CustomResourceDefinitions, doc)
                : Store.Update(BuiltInTypes.CustomResourceDefinitions, WithVersion(doc, existing));
            _state.AfterCrdWrite(stored);
        }
        if (_options.Authorization == LocalCluster.Authorization.AuthorizationMode.Rbac)
            foreach (var (type, obj) in LocalCluster.Authorization.BootstrapPolicy.Objects()) Store.Create(type, obj);
    }

    /// <param name="token">The user's bearer token; the admin token when null (see Authorization.IssueToken for ServiceAccounts).</param>
    public string KubeconfigYaml(string? defaultNamespace = null, string contextName = "graylane-local", string? token = null)
    {
        var sb = new StringBuilder();
        sb.AppendLine("apiVersion: v1");
        sb.AppendLine("kind: Config");
        sb.AppendLine("clusters:");
        sb.AppendLine($"- name: {contextName}");
        sb.AppendLine("  cluster:");
        sb.AppendLine($"    server: {SecureUrl.GetLeftPart(UriPartial.Authority)}");
        sb.AppendLine($"    certificate-authority-data: {Convert.ToBase64String(Encoding.ASCII.GetBytes(_certificates.CaPem))}");
        sb.AppendLine("users:");
        sb.AppendLine($"- name: {contextName}");
        sb.AppendLine("  user:");
        sb.AppendLine($"    token: {token ?? _options.Token}");
        sb.AppendLine("contexts:");
        sb.AppendLine($"- name: {contextName}");
        sb.AppendLine("  context:");
        sb.AppendLine($"    cluster: {contextName}");
        sb.AppendLine($"    user: {contextName}");
        if (defaultNamespace is not null) sb.AppendLine($"    namespace: {defaultNamespace}");
        sb.AppendLine($"current-context: {contextName}");
        sb.AppendLine("preferences: {}");
        return sb.ToString();
    }

    public void WriteKubeconfig(string path, string? defaultNamespace = null, string contextName = "graylane-local", string? token = null)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null) Directory.CreateDirectory(dir);
        File.WriteAllText(path, KubeconfigYaml(defaultNamespace, contextName, token));
    }

    /// <summary>
    /// Seeds objects from multi-document YAML: each is created, or replaced when it exists, after the same
    /// validation as the API; a rejected object throws InvalidOperationException carrying the Status message.
    /// </summary>
    public Task ApplyYamlAsync(string yaml, string defaultNamespace = "default")
    {
        foreach (var node in YamlJson.ParseDocuments(yaml))
        {
            if (node is not JsonObject obj) continue;
            if (obj["kind"].Str() is "List" && obj["items"] is JsonArray items)
            {
                foreach (var item in items.OfType<JsonObject>()) ApplyOne((JsonObject)item.DeepClone(), defaultNamespace);
                continue;
            }
            ApplyOne(obj, defaultNamespace);
        }
        return Task.CompletedTask;
    }

    private void ApplyOne(JsonObject obj, string defaultNamespace)
    {
        var apiVersion = obj["apiVersion"].Str() ?? throw new InvalidOperationException("object without apiVersion");
        var kind = obj["kind"].Str() ?? throw new InvalidOperationException("object without kind");
        var r = Resources.FindByKind(apiVersion, kind)
                ?? throw new InvalidOperationException($"no kind \"{kind}\" is registered for version \"{apiVersion}\"");
        var meta = obj.Meta();
        if (r.Namespaced) meta["namespace"] = meta["namespace"].Str() ?? defaultNamespace;
        else meta.Remove("namespace");
        var ns = r.Namespaced ? meta["namespace"].Str() : null;
        try
        {
            var existing = Store.Get(r.Type, ns, obj.Name() ?? "");
            _state.Defaults.Apply(r, obj, existing is null ? null : ClusterState.ToServed((JsonObject)existing.DeepClone(), r));
            Admission.Admit(r, obj, old: existing);
            if (ns is not null) _state.RequireNamespace(ns);
            if (Graylane.LocalCluster.Resources.VersionConversion.Needed(r)) Graylane.LocalCluster.Resources.VersionConversion.ToStorage(obj, r);
            obj["apiVersion"] = r.Type.ApiVersion;
            JsonObject stored;
            if (existing is null) stored = Store.Create(r.Type, obj);
            else
            {
                stored = Store.Update(r.Type, WithVersion(obj, existing));
                if (r.HasStatus && obj["status"] is not null) stored = Store.Update(r.Type, WithVersion(obj, stored), statusOnly: true);
            }
            // Seeds may carry status (e.g. a Deployment that is already rolled out); a real cluster would have it from controllers.
            if (existing is null && r.HasStatus && obj["status"] is not null)
                stored = Store.Update(r.Type, WithVersion(obj, stored), statusOnly: true);
            if (r.Type == BuiltInTypes.CustomResourceDefinitions) _state.AfterCrdWrite(stored);
        }
        catch (ApiException e)
        {
            throw new InvalidOperationException(e.Message, e);
        }
        catch (StoreException e)
        {
            throw new InvalidOperationException(e.Message, e);
        }
    }

    private static JsonObject WithVersion(JsonObject obj, JsonObject existing)
    {
        var copy = (JsonObject)obj.DeepClone();
        copy.Meta()["resourceVersion"] = existing.ResourceVersion();
        return copy;
    }

    public JsonObject? Get(string apiVersion, string kind, string? ns, string name)
    {
        var r = Resources.FindByKind(apiVersion, kind);
        if (r is null) return null;
        var obj = Store.Get(r.Type, r.Namespaced ? ns : null, name);
        return obj is null ? null : ClusterState.ToServed(obj, r);
    }

    public IReadOnlyList<JsonObject> List(string apiVersion, string kind, string? ns = null)
    {
        var r = Resources.FindByKind(apiVersion, kind);
        if (r is null) return [];
        return Store.List(r.Type, r.Namespaced ? ns : null).Select(o => ClusterState.ToServed(o, r)).ToList();
    }

    /// <summary>Serves handler for every path starting with pathPrefix (before the Kubernetes routes; no token needed).</summary>
    public void MapEndpoint(string pathPrefix, Func<HttpContext, Task> handler) => _extraEndpoints[pathPrefix] = handler;

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await StopBehaviourAsync();
        await StopExporterAsync();
        _history.Dispose();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try { await _app.StopAsync(timeout.Token); }
        catch (OperationCanceledException) { }
        await _app.DisposeAsync();
        _stopping.Dispose();
        _certificates.Dispose();
    }
}
