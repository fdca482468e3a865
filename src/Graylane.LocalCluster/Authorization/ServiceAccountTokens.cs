using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Graylane.LocalCluster.Authorization;

/// <summary>
/// Bound ServiceAccount tokens, shaped as the real ones (a JWT with the subject, audiences, expiry and the
/// kubernetes.io claims naming the ServiceAccount and its uid), signed with a key made when the cluster starts.
/// A token stops working when it expires or when its ServiceAccount is deleted (or re-created with another uid).
/// </summary>
internal sealed class ServiceAccountTokens
{
    public const string Issuer = "https://kubernetes.default.svc.cluster.local";
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);

    public (string Token, DateTimeOffset Expires) Issue(string ns, string name, string uid, IReadOnlyList<string> audiences, TimeSpan lifetime, DateTimeOffset now)
    {
        var expires = now + lifetime;
        var header = new JsonObject { ["alg"] = "HS256", ["typ"] = "JWT" };
        var claims = new JsonObject
        {
            ["aud"] = new JsonArray(audiences.Select(a => (JsonNode)a).ToArray()),
            ["exp"] = expires.ToUnixTimeSeconds(),
            ["iat"] = now.ToUnixTimeSeconds(),
            ["iss"] = Issuer,
            ["jti"] = Guid.NewGuid().ToString(),
            ["kubernetes.io"] = new JsonObject
            {
                ["namespace"] = ns,
                ["serviceaccount"] = new JsonObject { ["name"] = name, ["uid"] = uid },
            },
            ["nbf"] = now.ToUnixTimeSeconds(),
            ["sub"] = $"{Identity.ServiceAccountPrefix}{ns}:{name}",
        };
        var unsigned = $"{Base64Url(Encoding.UTF8.GetBytes(header.ToJsonString()))}.{Base64Url(Encoding.UTF8.GetBytes(claims.ToJsonString()))}";
        return ($"{unsigned}.{Base64Url(HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes(unsigned)))}", expires);
    }

    /// <summary>The ServiceAccount a token names (namespace, name, uid), or null when it is not one of ours or has expired.</summary>
    public (string Namespace, string Name, string Uid)? Verify(string token, DateTimeOffset now)
    {
        var parts = token.Split('.');
        if (parts.Length != 3) return null;
        var expected = Base64Url(HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}")));
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(parts[2]))) return null;
        JsonObject? claims;
        try { claims = JsonNode.Parse(Encoding.UTF8.GetString(FromBase64Url(parts[1]))) as JsonObject; }
        catch (Exception e) when (e is FormatException or System.Text.Json.JsonException) { return null; }
        if (claims?["exp"].Long() is not { } exp || exp <= now.ToUnixTimeSeconds()) return null;
        var sa = claims["kubernetes.io"];
        if (sa?["namespace"].Str() is not { } ns || sa["serviceaccount"]?["name"].Str() is not { } name) return null;
        return (ns, name, sa["serviceaccount"]?["uid"].Str() ?? "");
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] FromBase64Url(string text)
    {
        var s = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(s.PadRight(s.Length + (4 - s.Length % 4) % 4, '='));
    }
}
