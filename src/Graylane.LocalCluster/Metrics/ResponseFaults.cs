using System.Globalization;
using System.Text.Json.Nodes;
using Graylane.LocalCluster.Routing;

namespace Graylane.LocalCluster.Metrics;

/// <summary>
/// How a pod answers, from its annotations (set them on the Deployment's pod template, or on pods with kubectl):
/// graylane.io/error-rate: "0.3" answers 503 to that share of its requests, spread evenly (the n-th request fails when
/// floor(n·rate) grows, so 100 requests at 0.3 give exactly 30 errors); graylane.io/latency-ms: "800" adds that much to
/// every answer. Without them a pod answers 200 in a few milliseconds (1–20 ms, cycling, so histograms have a spread).
/// </summary>
public sealed class ResponseFaults
{
    public const string ErrorRateAnnotation = "graylane.io/error-rate";
    public const string LatencyAnnotation = "graylane.io/latency-ms";

    private readonly Dictionary<string, long> _served = new(StringComparer.Ordinal);

    /// <summary>The status and own duration (ms, without the calls it makes) of the next request this pod serves. Not thread-safe.</summary>
    public (int Status, double Milliseconds) Next(JsonObject pod)
    {
        var key = Json.Namespace(pod) + "/" + Json.Name(pod);
        var n = _served[key] = _served.GetValueOrDefault(key) + 1;
        var rate = Clamp(Annotation(pod, ErrorRateAnnotation), 0, 1);
        var fails = Math.Floor(n * rate) > Math.Floor((n - 1) * rate);
        var ms = 1 + (n * 7 % 20) + Math.Max(0, Annotation(pod, LatencyAnnotation));
        return (fails ? 503 : 200, ms);
    }

    /// <summary>A numeric annotation; absent or unreadable counts as 0 (the sandbox never refuses a pod for it).</summary>
    private static double Annotation(JsonObject pod, string name) =>
        double.TryParse(Json.Str(pod, "metadata", "annotations", name), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) ? v : 0;

    private static double Clamp(double v, double lo, double hi) => Math.Min(hi, Math.Max(lo, v));
}
