using Graylane.Core.Validation;
using k8s;

namespace Graylane.Kubernetes;

/// <summary>
/// Opens the API from a kubeconfig (--kubeconfig, else $KUBECONFIG, else ~/.kube/config) or, inside a pod,
/// from the service account. Errors name the input and never echo the file's content.
/// </summary>
public static class KubeConnection
{
    /// <summary>The User-Agent's product, and so the field manager the API server records for Graylane's writes.</summary>
    public const string UserAgentProduct = "graylane";

    public static KubeApi Open(string? kubeconfigPath, string? context, string? namespaceOverride, IReadOnlyDictionary<string, string> environment)
    {
        var config = Configure(kubeconfigPath, context, environment);
        var ns = !string.IsNullOrWhiteSpace(namespaceOverride) ? namespaceOverride : string.IsNullOrEmpty(config.Namespace) ? "default" : config.Namespace;
        var credentials = k8s.Kubernetes.CreateCredentials(config);
        // Watches stay open for minutes: timeouts come from cancellation tokens, not from HttpClient.
        var http = new HttpClient(KubeTransport.CreateHandler(config, new TransientRetryHandler())) { Timeout = Timeout.InfiniteTimeSpan };
        // The API server names a write's field manager after the User-Agent (up to its "/"): without one, Graylane's fields
        // belong to "" and a later `kubectl apply --server-side` reports 'conflict with ""'; audit logs name it too.
        http.DefaultRequestHeaders.UserAgent.Add(new System.Net.Http.Headers.ProductInfoHeaderValue(UserAgentProduct, typeof(KubeConnection).Assembly.GetName().Version?.ToString(3) ?? "0"));
        return new KubeApi(http, new Uri(config.Host), (req, ct) => credentials is null ? Task.CompletedTask : credentials.ProcessHttpRequestAsync(req, ct),
            ns, http)
        {
            Trust = KubeTransport.TrustOf(config),
            TlsServerName = string.IsNullOrWhiteSpace(config.TlsServerName) ? null : config.TlsServerName,
        };
    }

    private static KubernetesClientConfiguration Configure(string? path, string? context, IReadOnlyDictionary<string, string> env)
    {
        var chosen = !string.IsNullOrWhiteSpace(path) ? path
            : env.TryGetValue("KUBECONFIG", out var fromEnv) && !string.IsNullOrWhiteSpace(fromEnv) ? fromEnv.Split(Path.PathSeparator)[0]
            : null;
        if (chosen is null)
        {
            var home = env.TryGetValue("HOME", out var h) ? h : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            var defaultPath = Path.Combine(home, ".kube", "config");
            if (File.Exists(defaultPath)) chosen = defaultPath;
            else if (KubernetesClientConfiguration.IsInCluster()) return KubernetesClientConfiguration.InClusterConfig();
            else throw new InvalidInputException("kubeconfig",
                "no cluster given: pass --kubeconfig <file> (or the kubeconfig input), set KUBECONFIG, create ~/.kube/config, or run inside a pod with a service account");
        }
        if (!File.Exists(chosen))
            throw new InvalidInputException("kubeconfig", $"kubeconfig file {chosen} does not exist");
        try
        {
            // Read here, at once: the client's own file overload reads asynchronously and blocks on it, which starts a
            // thread-pool thread (and spins while it starts) in a process that has nothing else to do yet.
            using var content = new MemoryStream(File.ReadAllBytes(chosen));
            var parsed = KubernetesClientConfiguration.LoadKubeConfig(content);
            parsed.FileName = Path.GetFullPath(chosen); // relative certificate and key paths resolve against the file, as kubectl does
            return KubernetesClientConfiguration.BuildConfigFromConfigObject(parsed, string.IsNullOrWhiteSpace(context) ? null : context);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The parser's message carries positions, not values; the type says what kind of problem it was.
            var detail = ex.Message.Length > 300 ? ex.Message[..300] : ex.Message;
            throw new InvalidInputException(context is not null && ex.Message.Contains(context, StringComparison.Ordinal) ? "context" : "kubeconfig",
                $"cannot use kubeconfig {chosen}{(string.IsNullOrWhiteSpace(context) ? "" : $" with context {context}")}: {detail}");
        }
    }
}
