using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Graylane.LocalCluster.Routing;

/// <summary>
/// ingress-nginx's choice between a location's backend and its canary, in its order: a canary without ready endpoints
/// gets nothing; the canary-by-header header when present (equal to canary-by-header-value, else matching
/// canary-by-header-pattern anywhere in the value, else "always" / "never"; any other value falls through); then the
/// canary-by-cookie cookie ("always" / "never"); then canary-weight out of canary-weight-total (honoured above 100 only,
/// else 100).
/// </summary>
internal static class CanaryDecision
{
    public static bool ToCanary(JsonObject canary, RequestState request, Random random)
    {
        string? Annotation(string name) => Json.Str(canary, "metadata", "annotations", IngressLocations.Prefix + name);

        if (Annotation("canary-by-header") is { Length: > 0 } headerName && request.Headers.TryGetValue(headerName, out var header))
        {
            if (Annotation("canary-by-header-value") is { Length: > 0 } expected)
            {
                if (header == expected) return true;
            }
            else if (Annotation("canary-by-header-pattern") is { Length: > 0 } pattern)
            {
                try
                {
                    if (Regex.IsMatch(header, pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1))) return true;
                }
                catch (ArgumentException)
                {
                    return false; // ingress-nginx logs the bad pattern and keeps the main backend
                }
            }
            else if (header == "always") return true;
            else if (header == "never") return false;
        }
        if (Annotation("canary-by-cookie") is { Length: > 0 } cookieName && Cookie(request, cookieName) is { } cookie)
        {
            if (cookie == "always") return true;
            if (cookie == "never") return false;
        }
        var weight = int.TryParse(Annotation("canary-weight"), out var w) ? w : 0;
        var total = int.TryParse(Annotation("canary-weight-total"), out var t) && t > 100 ? t : 100;
        return random.Next(1, total + 1) <= weight;
    }

    private static string? Cookie(RequestState request, string name)
    {
        if (!request.Headers.TryGetValue("cookie", out var header)) return null;
        foreach (var part in header.Split(';'))
        {
            var eq = part.IndexOf('=');
            if (eq > 0 && part[..eq].Trim() == name) return part[(eq + 1)..].Trim();
        }
        return null;
    }
}
