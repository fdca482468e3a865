namespace Graylane.LocalCluster.Routing;

/// <summary>
/// Stops a routing run, as Istio would answer 404/503. Subject is the service (or gateway) where it failed;
/// null means "the service being routed", filled in by the walker.
/// </summary>
internal sealed class RoutingFailure(string? subject, string message) : Exception(message)
{
    public string? Subject { get; } = subject;
}
