using Graylane.Core.Model;
using Graylane.Core.Validation;

namespace Graylane.Engine.Routing;

/// <summary>--promote-mode: its spellings, its default, and the routers that can finish each mode.</summary>
public static class PromoteModes
{
    public const string InPlaceName = "in-place";
    public const string ReplaceName = "replace";

    public static string Spelling(this PromoteMode mode) => mode == PromoteMode.InPlace ? InPlaceName : ReplaceName;

    /// <summary>The mode asked for, else the default: in-place with --manifests (the manifests name the stable), else replace.</summary>
    public static PromoteMode Parse(string? value, bool manifests, ITrafficRouter router)
    {
        var mode = value switch
        {
            null => manifests ? PromoteMode.InPlace : PromoteMode.Replace,
            InPlaceName => PromoteMode.InPlace,
            ReplaceName => PromoteMode.Replace,
            _ => throw new InvalidInputException("promote-mode",
                $"--promote-mode \"{KubeNames.Printable(value)}\" is not supported; use {InPlaceName} (the stable Deployment keeps its name) or {ReplaceName} (the gray Deployment becomes the baseline)"),
        };
        if (!router.Capabilities.PromoteModes.Contains(mode))
            throw new InvalidInputException(value is null ? "router" : "promote-mode",
                $"--promote-mode {mode.Spelling()}{(value is null ? " (the default with --manifests)" : "")} is not possible with --router {router.Kind.Name()}; " +
                $"routers that can: --router {RouterRegistry.Able(c => c.PromoteModes.Contains(mode))}");
        return mode;
    }
}
