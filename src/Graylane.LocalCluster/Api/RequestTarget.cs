namespace Graylane.LocalCluster.Api;

/// <summary>A parsed resource path: /api/v1/namespaces/ns/services/name/status and friends.</summary>
internal sealed record RequestTarget(string Group, string Version, string Plural, string? Namespace, string? Name, string Subresource)
{
    /// <summary>Parses the path segments after "api" or "apis"; null when the path is not a resource path.</summary>
    public static RequestTarget? Parse(IReadOnlyList<string> segments)
    {
        string group, version;
        int rest;
        if (segments.Count >= 3 && segments[0] == "api")
        {
            (group, version, rest) = ("", segments[1], 2);
        }
        else if (segments.Count >= 4 && segments[0] == "apis")
        {
            (group, version, rest) = (segments[1], segments[2], 3);
        }
        else return null;

        var r = segments.Skip(rest).ToList();
        if (r.Count >= 3 && r[0] == "namespaces" && !(r.Count == 3 && r[2] is "status" or "finalize"))
        {
            if (r.Count > 5) return null;
            return new RequestTarget(group, version, r[2], r[1], r.Count > 3 ? r[3] : null, r.Count > 4 ? r[4] : "");
        }
        if (r.Count > 3) return null;
        return new RequestTarget(group, version, r[0], null, r.Count > 1 ? r[1] : null, r.Count > 2 ? r[2] : "");
    }
}
