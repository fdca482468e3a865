using System.Globalization;
using System.Text.Json.Nodes;
using Graylane.LocalCluster.Routing;

namespace Graylane.LocalCluster.Metrics;

/// <summary>
/// The labels of Istio's standard metrics (istio_requests_total, istio_request_duration_milliseconds) for one request
/// between two workloads, as the Envoy stats extension fills them from the pods: workload = the Deployment, app and
/// version from the app/version labels ("unknown" without), canonical service/revision from the istio.io, app.kubernetes.io
/// or app/version labels, principal from the service account, "unknown" for a caller outside the mesh.
/// </summary>
public static class IstioLabels
{
    public const string RequestsTotal = "istio_requests_total";
    public const string Duration = "istio_request_duration_milliseconds";

    /// <summary>Istio's default buckets for the duration histogram (milliseconds).</summary>
    public static readonly double[] DurationBuckets =
        [0.5, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 300000, 600000, 1800000, 3600000];

    /// <summary>Who a workload is, as the proxy knows it.</summary>
    public sealed record Peer(string Workload, string Namespace, string Principal, string App, string Version,
        string CanonicalService, string CanonicalRevision)
    {
        public static readonly Peer Unknown = new("unknown", "unknown", "unknown", "unknown", "unknown", "unknown", "latest");

        public static Peer Of(JsonObject pod, string workload)
        {
            var labels = Json.Map(pod, "metadata", "labels");
            var ns = Json.Namespace(pod);
            var sa = Json.Str(pod, "spec", "serviceAccountName") ?? "default";
            return new Peer(workload, ns, $"spiffe://cluster.local/ns/{ns}/sa/{sa}",
                labels.GetValueOrDefault("app") ?? "unknown",
                labels.GetValueOrDefault("version") ?? "unknown",
                labels.GetValueOrDefault("service.istio.io/canonical-name") ?? labels.GetValueOrDefault("app.kubernetes.io/name")
                    ?? labels.GetValueOrDefault("app") ?? workload,
                labels.GetValueOrDefault("service.istio.io/canonical-revision") ?? labels.GetValueOrDefault("app.kubernetes.io/version")
                    ?? labels.GetValueOrDefault("version") ?? "latest");
        }

        /// <summary>An Istio ingress gateway: its pods are the ones Gateway.spec.selector picks (istio: ingressgateway → istio-ingressgateway).</summary>
        public static Peer Gateway(string ns, IReadOnlyDictionary<string, string> selector, string gatewayName)
        {
            var workload = selector.TryGetValue("istio", out var v) ? "istio-" + v : selector.GetValueOrDefault("app") ?? gatewayName;
            return new Peer(workload, ns, $"spiffe://cluster.local/ns/{ns}/sa/{workload}-service-account",
                selector.GetValueOrDefault("app") ?? workload, "unknown", workload, "latest");
        }
    }

    /// <summary>The label set for one report of one request; reporter "source" (the caller's proxy) or "destination" (the server's).</summary>
    public static List<KeyValuePair<string, string>> For(string reporter, Peer source, Peer destination, string serviceName,
        string serviceNamespace, int status)
    {
        var mtls = reporter == "destination" ? (source == Peer.Unknown ? "none" : "mutual_tls") : "unknown";
        return
        [
            new("reporter", reporter),
            new("source_workload", source.Workload),
            new("source_canonical_service", source.CanonicalService),
            new("source_canonical_revision", source.CanonicalRevision),
            new("source_workload_namespace", source.Namespace),
            new("source_principal", source.Principal),
            new("source_app", source.App),
            new("source_version", source.Version),
            new("source_cluster", source == Peer.Unknown ? "unknown" : "Kubernetes"),
            new("destination_workload", destination.Workload),
            new("destination_workload_namespace", destination.Namespace),
            new("destination_principal", destination.Principal),
            new("destination_app", destination.App),
            new("destination_version", destination.Version),
            new("destination_service", $"{serviceName}.{serviceNamespace}.svc.cluster.local"),
            new("destination_canonical_service", destination.CanonicalService),
            new("destination_canonical_revision", destination.CanonicalRevision),
            new("destination_service_name", serviceName),
            new("destination_service_namespace", serviceNamespace),
            new("destination_cluster", "Kubernetes"),
            new("request_protocol", "http"),
            new("response_code", status.ToString(CultureInfo.InvariantCulture)),
            new("grpc_response_status", ""),
            new("response_flags", "-"),
            new("connection_security_policy", mtls),
        ];
    }
}
