using System.Text.Json.Nodes;

namespace Graylane.LocalCluster.Controllers;

/// <summary>The Deployment condition list with the real controller's update rules.</summary>
internal sealed class DeploymentConditions(JsonArray? existing, DateTimeOffset now)
{
    private readonly List<JsonObject> _conditions = existing?.OfType<JsonObject>().Select(c => (JsonObject)c.DeepClone()).ToList() ?? [];

    public JsonObject? Get(string type) => _conditions.FirstOrDefault(c => (string?)c["type"] == type);

    /// <summary>
    /// SetDeploymentCondition: nothing changes when status and reason are the same; a same-status change keeps
    /// lastTransitionTime; the condition moves to the end of the list.
    /// </summary>
    public void Set(string type, string status, string reason, string message)
    {
        var current = Get(type);
        if (current is not null && (string?)current["status"] == status && (string?)current["reason"] == reason) return;
        var transition = current is not null && (string?)current["status"] == status
            ? (string?)current["lastTransitionTime"]
            : Json.Timestamp(now);
        Replace(type, status, reason, message, transition);
    }

    /// <summary>The Progressing special case: progress refreshes lastUpdateTime even when the reason is unchanged.</summary>
    public void Refresh(string type, string status, string reason, string message)
    {
        var current = Get(type);
        var transition = current is not null && (string?)current["status"] == status
            ? (string?)current["lastTransitionTime"]
            : Json.Timestamp(now);
        Replace(type, status, reason, message, transition);
    }

    public JsonArray ToJson() => new(_conditions.Select(c => (JsonNode)c.DeepClone()).ToArray());

    private void Replace(string type, string status, string reason, string message, string? transition)
    {
        _conditions.RemoveAll(c => (string?)c["type"] == type);
        _conditions.Add(new JsonObject
        {
            ["type"] = type,
            ["status"] = status,
            ["lastUpdateTime"] = Json.Timestamp(now),
            ["lastTransitionTime"] = transition,
            ["reason"] = reason,
            ["message"] = message,
        });
    }
}
