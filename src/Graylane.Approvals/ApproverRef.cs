using System.Text.RegularExpressions;
using Graylane.Core.Validation;

namespace Graylane.Approvals;

/// <summary>One entry of --approvers: a user (GitHub login, Azure DevOps identity) or a GitHub team "org/team".</summary>
public sealed partial record ApproverRef(string Name, string? Org, string? Team)
{
    public bool IsTeam => Team is not null;

    public override string ToString() => IsTeam ? $"{Org}/{Team}" : Name;

    [GeneratedRegex("^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}\\z")]
    private static partial Regex GitHubLogin();

    [GeneratedRegex("^[A-Za-z0-9_.-]{1,100}\\z")]
    private static partial Regex TeamSlug();

    /// <summary>GitHub: logins and org/team, separated by commas, spaces or newlines; a leading @ is allowed.</summary>
    public static IReadOnlyList<ApproverRef> ParseGitHub(string input, string? text)
    {
        var result = new List<ApproverRef>();
        foreach (var raw in Split(text))
        {
            var entry = raw.TrimStart('@');
            var slash = entry.IndexOf('/');
            ApproverRef parsed;
            if (slash > 0 && GitHubLogin().IsMatch(entry[..slash]) && TeamSlug().IsMatch(entry[(slash + 1)..]))
                parsed = new ApproverRef(entry, entry[..slash], entry[(slash + 1)..]);
            else if (GitHubLogin().IsMatch(entry))
                parsed = new ApproverRef(entry, null, null);
            else
                throw new InvalidInputException(input,
                    $"--{input} entry \"{KubeNames.Printable(raw)}\" is neither a GitHub user name nor a team written org/team-slug (e.g. --{input} alice,my-org/release-managers)");
            if (!result.Any(r => string.Equals(r.ToString(), parsed.ToString(), StringComparison.OrdinalIgnoreCase)))
                result.Add(parsed);
        }
        return result;
    }

    /// <summary>Azure DevOps: identities as the work item shows them (user@example.com or a display name), separated by commas or newlines.</summary>
    public static IReadOnlyList<ApproverRef> ParseAzureDevOps(string input, string? text)
    {
        var result = new List<ApproverRef>();
        foreach (var entry in (text ?? "").Split([',', '\n', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (entry.StartsWith('[') || entry.Contains('/') || entry.Any(char.IsControl))
                throw new InvalidInputException(input,
                    $"--{input} entry \"{KubeNames.Printable(entry)}\" looks like a group; Azure DevOps approvers are identities (user@example.com or a display name) — for group approvals use the ManualValidation@1 task or environment approvals (docs/approvals.md)");
            if (!result.Any(r => string.Equals(r.Name, entry, StringComparison.OrdinalIgnoreCase)))
                result.Add(new ApproverRef(entry, null, null));
        }
        return result;
    }

    private static IEnumerable<string> Split(string? text) =>
        (text ?? "").Split([',', '\n', ' ', '\t', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
