using System.Text.Json.Nodes;
using Graylane.Core.Json;

namespace Graylane.Engine.Routing;

/// <summary>How deploy-gray starts the gray (see <see cref="ITrafficRouter.PlanGrayStartAsync"/>).</summary>
/// <param name="Gray">The gray Deployment to create.</param>
/// <param name="Preview">A Deployment with the gray's pod template that no routing reaches, created beside the gray to prove
/// the template ready and removed once it is; null when the gray's own rollout is the proof.</param>
public sealed record GrayStart(JsonObject Gray, JsonObject? Preview = null)
{
    public static GrayStart AsPlanned(JsonObject gray) => new(gray);

    /// <summary>The Deployment whose readiness proves the gray.</summary>
    public string Proof => Obj.Name(Preview ?? Gray);
}
