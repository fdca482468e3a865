namespace Graylane.Engine.Routing;

/// <summary>What shift-traffic asks of a router: the gray share of traffic (0–100).</summary>
public sealed record ShiftRequest(int Weight);
