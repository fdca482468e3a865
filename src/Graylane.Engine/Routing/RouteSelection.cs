namespace Graylane.Engine.Routing;

/// <summary>--virtual-service, --gateway, --host, --route, --canary-service: which mesh objects to manage when there are several.</summary>
public sealed record RouteSelection(string? VirtualService, string? Gateway, string? Host, string? Route, string? CanaryService)
{
    public static RouteSelection None { get; } = new(null, null, null, null, null);
}
