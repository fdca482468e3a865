namespace Graylane.LocalCluster.Metrics.PromQl;

/// <summary>
/// The query shapes the gate templates expand to (Graylane.Approvals.Gates.GateTemplates) — the only ones the local
/// cluster's Prometheus API answers; anything else is Prometheus' bad_data with the shapes named:
/// <list type="bullet">
/// <item>a ratio of rates (success-rate): sum(rate(A{...}[w])) / sum(rate(B{...}[w]))</item>
/// <item>a quantile (latency-p99): histogram_quantile(φ, sum by (le) (rate(M_bucket{...}[w]))), optionally * a number
/// (ingress-nginx's seconds to milliseconds).</item>
/// </list>
/// </summary>
internal static class TemplateShapes
{
    public const string Answered =
        "the local cluster's Prometheus API answers only the gate templates' query shapes: " +
        "sum(rate(<metric>{...}[<window>])) / sum(rate(<metric>{...}[<window>])) and " +
        "histogram_quantile(<φ>, sum by (le) (rate(<metric>_bucket{...}[<window>]))) [* <number>]; " +
        "point --prometheus-url at a real Prometheus for other queries";

    /// <summary>Parses and checks a query; throws PromQlException (bad_data) for anything else.</summary>
    public static PromExpr Check(string query)
    {
        var expr = PromQlParser.Parse(query);
        if (IsRatio(expr) || IsQuantile(expr) || (expr is Binary { Operator: '*', Left: var q, Right: NumberLiteral } && IsQuantile(q)))
            return expr;
        throw new PromQlException(Answered);
    }

    private static bool IsRatio(PromExpr e) => e is Binary { Operator: '/', Left: var l, Right: var r } && IsSumOfRate(l, null) && IsSumOfRate(r, null);

    private static bool IsQuantile(PromExpr e) =>
        e is Call { Function: "histogram_quantile", Args: [NumberLiteral, var inner] } && IsSumOfRate(inner, "le")
        && ((Call)((Aggregation)inner).Expr).Args[0] is Selector { Metric: var m } && m.EndsWith("_bucket", StringComparison.Ordinal);

    /// <summary>sum(rate(sel[w])) without grouping (by == null), or sum by (by) (rate(sel[w])).</summary>
    private static bool IsSumOfRate(PromExpr e, string? by) =>
        e is Aggregation { Operator: "sum", By: var groups, Expr: Call { Function: "rate", Args: [Selector { Range: not null }] } }
        && (by is null ? groups is null || groups.Count == 0 : groups is [var only] && only == by);
}
