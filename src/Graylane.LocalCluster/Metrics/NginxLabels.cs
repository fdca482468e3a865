using System.Globalization;
using Graylane.LocalCluster.Routing;

namespace Graylane.LocalCluster.Metrics;

/// <summary>
/// The labels of ingress-nginx's request metrics (nginx_ingress_controller_requests, nginx_ingress_controller_request_duration_seconds),
/// as its socket collector sets them: the controller's own constant labels, then status, method, path (the location),
/// namespace, ingress and service of the location, and canary = the canary upstream's name when the canary served, else "".
/// </summary>
public static class NginxLabels
{
    public const string Requests = "nginx_ingress_controller_requests";
    public const string Duration = "nginx_ingress_controller_request_duration_seconds";

    /// <summary>The Prometheus client's default buckets, which ingress-nginx uses for its time histograms (seconds).</summary>
    public static readonly double[] DurationBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    public static List<KeyValuePair<string, string>> For(IngressEntry entry, string method, int status) =>
    [
        new("controller_class", "k8s.io/ingress-nginx"),
        new("controller_namespace", "ingress-nginx"),
        new("controller_pod", "ingress-nginx-controller-0"),
        new("status", status.ToString(CultureInfo.InvariantCulture)),
        new("method", method),
        new("path", entry.Path),
        new("namespace", entry.Namespace),
        new("ingress", entry.Ingress),
        new("service", entry.Service),
        new("canary", entry.Canary),
    ];
}
