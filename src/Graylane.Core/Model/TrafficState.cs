namespace Graylane.Core.Model;

/// <summary>What the router was last told to send to the gray version.</summary>
public sealed class TrafficState
{
    /// <summary>Share of traffic (0–100) sent to the gray version.</summary>
    public int Weight { get; set; }
}
