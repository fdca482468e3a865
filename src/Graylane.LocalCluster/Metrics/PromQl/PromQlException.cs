namespace Graylane.LocalCluster.Metrics.PromQl;

/// <summary>A query the local cluster's Prometheus API cannot answer: Prometheus' bad_data error (HTTP 400).</summary>
internal sealed class PromQlException(string message) : Exception(message);
