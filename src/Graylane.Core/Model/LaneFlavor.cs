using System.Text.Json.Serialization;

namespace Graylane.Core.Model;

/// <summary>Which objects hold an app's lanes.</summary>
public enum LaneFlavor
{
    /// <summary>Plain Istio: a VirtualService and DestinationRule graylane-&lt;svc&gt; per service.</summary>
    [JsonStringEnumMemberName("istio")] Istio,
    /// <summary>Alibaba ASM: an ASMSwimLaneGroup named after the app and an ASMSwimLane per lane.</summary>
    [JsonStringEnumMemberName("asm")] Asm,
}

/// <summary>The lane routers and the flavour of lane objects each writes.</summary>
public static class LaneFlavors
{
    public static LaneFlavor Of(RouterKind router) => router switch
    {
        RouterKind.Lanes => LaneFlavor.Istio,
        RouterKind.AsmLanes => LaneFlavor.Asm,
        _ => throw new ArgumentOutOfRangeException(nameof(router), router, "not a lane router"),
    };

    public static RouterKind Router(LaneFlavor flavor) => flavor == LaneFlavor.Asm ? RouterKind.AsmLanes : RouterKind.Lanes;
}
