namespace Graylane.Engine.Routing;

/// <summary>The two moments of promote a router can act at.</summary>
public enum PromoteStage
{
    /// <summary>All traffic is on the new version; the old version's workloads still run.</summary>
    BeforeRetire,
    /// <summary>The old version's workloads are scaled to 0 or deleted.</summary>
    AfterRetire,
}

/// <summary>How a promote ends.</summary>
public enum PromoteMode
{
    /// <summary>The gray workloads become the baseline under their own names; the routing ends up pointing at the gray version.</summary>
    Replace,
    /// <summary>
    /// The stable workload keeps its name and takes the new template; the routing ends up as the user had it before the
    /// release (now in front of the updated stable workload). Routers declare support in <see cref="RouterCapabilities.PromoteModes"/>.
    /// </summary>
    InPlace,
}

/// <summary>What the routing points at once promote is done.</summary>
public sealed record PromoteTarget(PromoteMode Mode)
{
    public static PromoteTarget Replace { get; } = new(PromoteMode.Replace);
}
