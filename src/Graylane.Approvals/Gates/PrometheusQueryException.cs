namespace Graylane.Approvals.Gates;

/// <summary>The query ran but gave no usable number (no data, several series, a query error): a failed evaluation.</summary>
public sealed class PrometheusQueryException(string message, bool badQuery) : Exception(message)
{
    /// <summary>Prometheus rejected the query itself (bad_data): it will never work, so it is bad input.</summary>
    public bool BadQuery { get; } = badQuery;
}
