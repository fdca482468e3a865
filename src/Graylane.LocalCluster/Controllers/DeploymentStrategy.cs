using System.Globalization;
using System.Text.Json.Nodes;

namespace Graylane.LocalCluster.Controllers;

/// <summary>Reads a Deployment's strategy: Recreate or RollingUpdate with maxSurge/maxUnavailable (int or percent).</summary>
internal static class DeploymentStrategy
{
    public static bool IsRecreate(JsonObject deployment) => (string?)deployment["spec"]?["strategy"]?["type"] == "Recreate";

    /// <summary>Like the real controller: surge rounds up, unavailability rounds down, and both zero means one unavailable.</summary>
    public static int MaxUnavailable(JsonObject deployment, int replicas)
    {
        if (IsRecreate(deployment) || replicas == 0) return 0;
        var rolling = deployment["spec"]?["strategy"]?["rollingUpdate"];
        var surge = Resolve(rolling?["maxSurge"], replicas, roundUp: true);
        var unavailable = Resolve(rolling?["maxUnavailable"], replicas, roundUp: false);
        if (surge == 0 && unavailable == 0) unavailable = 1;
        return Math.Min(unavailable, replicas);
    }

    public static int MaxSurge(JsonObject deployment, int replicas) =>
        IsRecreate(deployment) ? 0 : Resolve(deployment["spec"]?["strategy"]?["rollingUpdate"]?["maxSurge"], replicas, roundUp: true);

    private static int Resolve(JsonNode? value, int replicas, bool roundUp)
    {
        if (Json.Long(value) is { } absolute) return (int)absolute;
        var text = Json.String(value) ?? "25%";
        if (!text.EndsWith('%') || !double.TryParse(text.TrimEnd('%'), NumberStyles.Float, CultureInfo.InvariantCulture, out var percent))
            return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 0;
        var scaled = percent * replicas / 100.0;
        return (int)(roundUp ? Math.Ceiling(scaled) : Math.Floor(scaled));
    }
}
