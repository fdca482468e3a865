using System.Text.Json.Nodes;

namespace Graylane.LocalCluster.Tests.Cel;

/// <summary>Reads the causes of a 422 Invalid Status.</summary>
internal static class Invalid
{
    public static List<(string Field, string Reason, string Message)> Causes(JsonObject status) =>
        (status["details"]?["causes"] as JsonArray ?? [])
        .Select(c => ((string?)c!["field"] ?? "", (string?)c["reason"] ?? "", (string?)c["message"] ?? ""))
        .ToList();

    /// <summary>Asserts a 422 whose causes contain exactly this field and message.</summary>
    public static void Has(int code, JsonObject status, string field, string message)
    {
        Assert.True(code == 422, $"expected 422, got {code}: {status.ToJsonString()}");
        Assert.Equal("Invalid", (string?)status["reason"]);
        var causes = Causes(status);
        Assert.True(causes.Any(c => c.Field == field && c.Message == message),
            $"no cause {field}: {message}\ncauses:\n{string.Join("\n", causes.Select(c => $"{c.Field}: {c.Message}"))}");
        Assert.Contains($"{field}: {message}", (string?)status["message"]);
    }
}
