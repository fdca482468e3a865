namespace Graylane.LocalCluster.Metrics.PromQl;

/// <summary>The parsed form of the PromQL the local cluster answers (see <see cref="PromQlParser"/> for the subset).</summary>
internal abstract record PromExpr;

internal sealed record NumberLiteral(double Value) : PromExpr;

/// <summary>metric{label="v",...}; Range is set for a range selector (metric{...}[1m]).</summary>
internal sealed record Selector(string Metric, IReadOnlyList<LabelMatcher> Matchers, TimeSpan? Range) : PromExpr;

/// <summary>rate(...), histogram_quantile(...).</summary>
internal sealed record Call(string Function, IReadOnlyList<PromExpr> Args) : PromExpr;

/// <summary>sum [by (labels)] (expr); By is null without a by clause.</summary>
internal sealed record Aggregation(string Operator, IReadOnlyList<string>? By, PromExpr Expr) : PromExpr;

/// <summary>left / right, left * right.</summary>
internal sealed record Binary(char Operator, PromExpr Left, PromExpr Right) : PromExpr;

internal enum MatchKind { Equal, NotEqual, Regex, NotRegex }

/// <summary>One label matcher; regexes are fully anchored, as in Prometheus.</summary>
internal sealed record LabelMatcher(string Name, MatchKind Kind, string Value)
{
    private readonly System.Text.RegularExpressions.Regex? _regex = Kind is MatchKind.Regex or MatchKind.NotRegex
        ? new System.Text.RegularExpressions.Regex("^(?:" + Value + ")$", System.Text.RegularExpressions.RegexOptions.CultureInvariant | System.Text.RegularExpressions.RegexOptions.Singleline)
        : null;

    /// <summary>A missing label matches as the empty string, as in Prometheus.</summary>
    public bool Matches(string? value)
    {
        var v = value ?? "";
        return Kind switch
        {
            MatchKind.Equal => v == Value,
            MatchKind.NotEqual => v != Value,
            MatchKind.Regex => _regex!.IsMatch(v),
            _ => !_regex!.IsMatch(v),
        };
    }
}
