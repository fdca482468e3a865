namespace Graylane.Core.Model;

/// <summary>How far an in-place promote got (each stage is recorded before the step moves past it).</summary>
public enum InPlaceStage
{
    None,
    /// <summary>All traffic on the gray; the stable is about to take the new config and template.</summary>
    TrafficOnGray,
    /// <summary>The stable's selector changes, so it is being recreated: deleted, not yet created again.</summary>
    StableRecreating,
    /// <summary>The stable runs the new template and is ready; routing goes back to the user's.</summary>
    StableUpdated,
    /// <summary>Routing is the user's again; the gray, its copies and Graylane's objects are being removed.</summary>
    RoutingRestored,
}
