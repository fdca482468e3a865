using System.Text.Json.Nodes;
using k8s.Autorest;

namespace Graylane.LocalCluster.Tests.Api;

/// <summary>Reads the Status body the real client attaches to HttpOperationException.</summary>
internal static class StatusAssert
{
    public static async Task<JsonObject> ThrowsStatusAsync(int code, Func<Task> call)
    {
        var e = await Assert.ThrowsAsync<HttpOperationException>(call);
        Assert.Equal(code, (int)e.Response.StatusCode);
        var status = (JsonObject)JsonNode.Parse(e.Response.Content)!;
        Assert.Equal("Status", (string?)status["kind"]);
        Assert.Equal("Failure", (string?)status["status"]);
        Assert.Equal(code, (int?)status["code"]);
        return status;
    }
}
