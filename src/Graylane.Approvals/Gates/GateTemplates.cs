using System.Globalization;
using Graylane.Core.Validation;

namespace Graylane.Approvals.Gates;

/// <summary>
/// The queries the templates expand to, per router — the metrics each mesh or ingress already exports, as Flagger's
/// built-in checks read them: Istio's standard metrics (istio_requests_total, istio_request_duration_milliseconds_bucket)
/// for the gray workload and version as the receiving sidecar reports them; ingress-nginx's requests by canary. A
/// router with no standard request metrics (a plain Service) has no template: the gate needs the user's own query.
/// docs/analysis.md lists the exact queries.
/// </summary>
public static class GateTemplates
{
    /// <summary>Routers whose traffic runs through Istio sidecars (their requests are in Istio's standard metrics).</summary>
    public static readonly IReadOnlyList<string> IstioRouters = ["istio", "lanes", "asm-lanes"];
    public static readonly IReadOnlyList<string> NginxRouters = ["nginx"];

    public static GateSpec Expand(GateTemplate t, TemplateTarget target)
    {
        var window = PromDuration(target.Window < TimeSpan.FromMinutes(1) ? TimeSpan.FromMinutes(1) : target.Window);
        string query;
        if (IstioRouters.Contains(target.Router))
        {
            var labels = $"reporter=\"destination\",destination_workload_namespace=\"{target.Namespace}\"," +
                         $"{Workloads(target.GrayWorkloads)},destination_version=\"{target.GrayVersion}\"";
            query = t.Template == GateTemplate.SuccessRate
                ? $"sum(rate(istio_requests_total{{{labels},response_code!~\"5..\"}}[{window}])) / sum(rate(istio_requests_total{{{labels}}}[{window}]))"
                : $"histogram_quantile(0.99, sum by (le) (rate(istio_request_duration_milliseconds_bucket{{{labels}}}[{window}])))";
        }
        else if (NginxRouters.Contains(target.Router))
        {
            var labels = $"namespace=\"{target.Namespace}\",ingress=\"{target.Ingress ?? target.Service}\",canary!=\"\"";
            query = t.Template == GateTemplate.SuccessRate
                ? $"sum(rate(nginx_ingress_controller_requests{{{labels},status!~\"5..\"}}[{window}])) / sum(rate(nginx_ingress_controller_requests{{{labels}}}[{window}]))"
                : $"histogram_quantile(0.99, sum by (le) (rate(nginx_ingress_controller_request_duration_seconds_bucket{{{labels}}}[{window}]))) * 1000";
        }
        else
        {
            throw new InvalidInputException(GateSpec.Input,
                $"--gate {t.Template}: --router {target.Router} needs your own query — its traffic goes through no proxy with standard request metrics. " +
                $"Write the gate as name={t.Template};query=<PromQL over your app's metrics>;{Bounds(t)} (templates exist for --router {string.Join(", ", IstioRouters.Concat(NginxRouters))}; see docs/analysis.md)");
        }
        return new GateSpec(t.Template, query, t.Min, t.Max);
    }

    private static string Workloads(IReadOnlyList<string> names) =>
        names.Count == 1 ? $"destination_workload=\"{names[0]}\"" : $"destination_workload=~\"{string.Join("|", names)}\"";

    private static string Bounds(GateTemplate t) =>
        string.Join(";", new[] { t.Min is { } a ? $"min={GateSpec.Format(a)}" : null, t.Max is { } b ? $"max={GateSpec.Format(b)}" : null }.OfType<string>());

    /// <summary>A Prometheus duration: 2m, 90s, 1h.</summary>
    public static string PromDuration(TimeSpan d)
    {
        var seconds = (long)Math.Ceiling(d.TotalSeconds);
        if (seconds % 3600 == 0) return (seconds / 3600).ToString(CultureInfo.InvariantCulture) + "h";
        if (seconds % 60 == 0) return (seconds / 60).ToString(CultureInfo.InvariantCulture) + "m";
        return seconds.ToString(CultureInfo.InvariantCulture) + "s";
    }
}
