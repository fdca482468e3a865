using System.Net.Http;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using k8s;

namespace Graylane.Kubernetes;

/// <summary>
/// The HTTP stack a step talks to the API server on: one connection per process (HTTP/2 when the server offers it
/// by ALPN, so a watch and the requests beside it share it), the server verified the way client-go does it —
/// against the kubeconfig's CA alone when it names one (with the host name checked), against the system store
/// otherwise — and the kubeconfig's client certificate presented when it has one.
/// </summary>
public static class KubeTransport
{
    /// <summary>How the server's certificate is checked, decided from the kubeconfig.</summary>
    public enum ServerTrust
    {
        /// <summary>The kubeconfig names a CA (certificate-authority or -data, or the service account's ca.crt): only it is trusted.</summary>
        PinnedCa,
        /// <summary>insecure-skip-tls-verify: no check at all (as kubectl does with it).</summary>
        Unverified,
        /// <summary>No CA given: the operating system's trust store decides.</summary>
        SystemStore,
        /// <summary>Plain http:// server: no TLS.</summary>
        None,
    }

    public static ServerTrust TrustOf(KubernetesClientConfiguration config) =>
        !config.Host.StartsWith("https:", StringComparison.OrdinalIgnoreCase) ? ServerTrust.None
        : config.SkipTlsVerify ? ServerTrust.Unverified
        : config.SslCaCerts is { Count: > 0 } ? ServerTrust.PinnedCa
        : ServerTrust.SystemStore;

    /// <summary>The handler chain: retries on top of one pooled connection.</summary>
    public static HttpMessageHandler CreateHandler(KubernetesClientConfiguration config, DelegatingHandler? outer = null)
    {
        var sockets = new SocketsHttpHandler
        {
            // One connection: HTTP/2 multiplexes every request of the step on it (no second handshake for a watch).
            EnableMultipleHttp2Connections = false,
            // Watches stay open for minutes with nothing to say; pings keep middleboxes from dropping them, as client-go does.
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
            KeepAlivePingDelay = TimeSpan.FromMinutes(3),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(30),
            ConnectTimeout = TimeSpan.FromSeconds(30),
            UseProxy = true,
            UseCookies = false,
            AllowAutoRedirect = false,
        };
        ConfigureTls(sockets.SslOptions, config);
        if (outer is null) return sockets;
        var innermost = outer;
        while (innermost.InnerHandler is DelegatingHandler d) innermost = d;
        innermost.InnerHandler = sockets;
        return outer;
    }

    internal static void ConfigureTls(SslClientAuthenticationOptions ssl, KubernetesClientConfiguration config)
    {
        switch (TrustOf(config))
        {
            case ServerTrust.Unverified:
                ssl.RemoteCertificateValidationCallback = (_, _, _, _) => true;
                break;
            case ServerTrust.PinnedCa:
                // Only the kubeconfig's CA: chain and host name are checked by the TLS stack against exactly it.
                var policy = new X509ChainPolicy
                {
                    TrustMode = X509ChainTrustMode.CustomRootTrust,
                    RevocationMode = X509RevocationMode.NoCheck,
                    DisableCertificateDownloads = true,
                };
                policy.CustomTrustStore.AddRange(config.SslCaCerts);
                ssl.CertificateChainPolicy = policy;
                break;
        }
        if (ClientCertificate(config) is { } cert)
        {
            ssl.ClientCertificates = [cert];
            ssl.LocalCertificateSelectionCallback = (_, _, _, _, _) => cert;
        }
    }

    /// <summary>The kubeconfig's client certificate with its key (client-certificate[-data] + client-key[-data]), or null.</summary>
    internal static X509Certificate2? ClientCertificate(KubernetesClientConfiguration config)
    {
        var certPem = Pem(config.ClientCertificateData, config.ClientCertificateFilePath);
        var keyPem = Pem(config.ClientCertificateKeyData, config.ClientKeyFilePath);
        if (certPem is null || keyPem is null) return null;
        var cert = X509Certificate2.CreateFromPem(certPem, keyPem);
        // Windows' TLS stack cannot use an ephemeral key: give it a PKCS#12-backed one.
        return OperatingSystem.IsWindows() ? X509CertificateLoader.LoadPkcs12(cert.Export(X509ContentType.Pkcs12), null) : cert;
    }

    private static string? Pem(string? base64Data, string? path) =>
        !string.IsNullOrWhiteSpace(path) ? File.ReadAllText(path)
        : !string.IsNullOrWhiteSpace(base64Data) ? Encoding.UTF8.GetString(Convert.FromBase64String(base64Data))
        : null;
}
