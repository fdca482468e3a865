namespace Graylane.Core.Model;

/// <summary>What the router was last told to send to the gray version; later shifts change only what they name.</summary>
public sealed class TrafficState
{
    /// <summary>Share of traffic (0–100) sent to the gray version.</summary>
    public int Weight { get; set; }
    /// <summary>--match values: requests matching any go to gray whatever the weight.</summary>
    public List<string> Matches { get; set; } = [];
    /// <summary>Share of the baseline's traffic copied to gray (0 = none).</summary>
    public double Mirror { get; set; }
    /// <summary>--set-header values (name=value) set on requests sent to gray.</summary>
    public List<string> SetHeaders { get; set; } = [];
    /// <summary>The pods of both versions together when traffic follows pod counts (--router replicas: --replicas); null for the other routers.</summary>
    public int? Replicas { get; set; }

    public TrafficState Copy() => new() { Weight = Weight, Matches = [.. Matches], Mirror = Mirror, SetHeaders = [.. SetHeaders], Replicas = Replicas };

    public bool SameAs(TrafficState other) =>
        Weight == other.Weight && Mirror.Equals(other.Mirror) && Matches.SequenceEqual(other.Matches) && SetHeaders.SequenceEqual(other.SetHeaders)
        && Replicas == other.Replicas;

    public override string ToString() =>
        $"{Weight}% to gray" + (Matches.Count > 0 ? $", matches {string.Join(" OR ", Matches.Select(m => $"[{m}]"))}" : "")
        + (Mirror > 0 ? $", mirror {Mirror}%" : "") + (SetHeaders.Count > 0 ? $", set {string.Join(", ", SetHeaders)}" : "")
        + (Replicas is { } pods ? $" of {pods} pods" : "");
}
