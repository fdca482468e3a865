namespace Graylane.Engine.Routing;

/// <summary>What deploy-gray tells the router before the gray pods start.</summary>
/// <param name="Selection">Which mesh objects to manage when there are several (--virtual-service, --route…).</param>
/// <param name="GrayPodLabels">The gray pods' labels: a selector matching them would send them traffic.</param>
public sealed record PrepareRequest(RouteSelection Selection, IReadOnlyDictionary<string, string> GrayPodLabels)
{
    public static PrepareRequest None { get; } = new(RouteSelection.None, new Dictionary<string, string>());
}
