using System.Text;
using System.Text.Json.Nodes;

namespace Graylane.LocalCluster.Defaults;

/// <summary>
/// A Secret as the server stores it: type Opaque when none is given, and stringData (write-only) folded into data as
/// base64, its keys winning over data's, as the v1 conversion does; stringData itself is never stored or returned.
/// </summary>
internal static class SecretDefaults
{
    public static void Apply(JsonObject secret)
    {
        secret["type"] ??= "Opaque";
        if (secret["stringData"] is not JsonObject stringData) return;
        secret.Remove("stringData");
        if (stringData.Count == 0) return;
        var data = secret["data"] as JsonObject ?? (JsonObject)(secret["data"] = new JsonObject());
        foreach (var (key, value) in stringData)
            data[key] = Convert.ToBase64String(Encoding.UTF8.GetBytes(value.Str() ?? ""));
    }
}
