using Graylane.LocalCluster.Routing;

namespace Graylane.LocalCluster.Metrics;

/// <summary>A request the cluster served: where it went, the status its caller got, and how long it took in all (ms).</summary>
public sealed record ServedRequest(RoutePath Path, int Status, double Milliseconds)
{
    /// <summary>The path text, with the status appended when it is not a success ("-> web(v2) [503]").</summary>
    public string Text => Status < 400 || Path.Error is not null ? Path.Text : $"{Path.Text} [{Status}]";
}
