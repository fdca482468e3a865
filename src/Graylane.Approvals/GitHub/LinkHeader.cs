namespace Graylane.Approvals.GitHub;

/// <summary>GitHub pagination: Link: &lt;url&gt;; rel="next", &lt;url&gt;; rel="last".</summary>
public static class LinkHeader
{
    public static string? Next(string? header)
    {
        if (header is null) return null;
        foreach (var part in header.Split(','))
        {
            var pieces = part.Split(';', StringSplitOptions.TrimEntries);
            if (pieces.Length >= 2 && pieces.Skip(1).Any(p => p.Replace(" ", "") == "rel=\"next\"") && pieces[0].StartsWith('<') && pieces[0].EndsWith('>'))
                return pieces[0][1..^1];
        }
        return null;
    }
}
