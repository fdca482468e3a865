using Graylane.Core.Validation;

namespace Graylane.Approvals;

/// <summary>
/// The words that approve or deny. A comment counts when its first line, case-insensitive, is one of the
/// words or starts with one followed by a space or punctuation ("Approve — checked the dashboards");
/// anything else ("I'd approve if…") is discussion and ignored.
/// </summary>
public sealed class ApprovalWords(IReadOnlyList<string> approve, IReadOnlyList<string> deny)
{
    public const string DefaultApprove = "approve,approved,lgtm";
    public const string DefaultDeny = "deny,denied,reject,rejected";

    public IReadOnlyList<string> Approve { get; } = approve;
    public IReadOnlyList<string> Deny { get; } = deny;

    public static ApprovalWords Parse(string approveInput, string? approve, string denyInput, string? deny)
    {
        var a = Words(approveInput, approve ?? DefaultApprove);
        var d = Words(denyInput, deny ?? DefaultDeny);
        if (a.Intersect(d).FirstOrDefault() is { } both)
            throw new InvalidInputException(denyInput, $"\"{both}\" is both an approve word and a deny word; a comment must mean one thing");
        return new ApprovalWords(a, d);
    }

    public CommentVerdict Classify(string text)
    {
        var line = text.ReplaceLineEndings("\n").Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0);
        if (line is null) return CommentVerdict.None;
        line = line.ToLowerInvariant();
        // Deny first: "deny" must never be read as approval, whatever the configured lists.
        if (Deny.Any(w => Says(line, w))) return CommentVerdict.Deny;
        if (Approve.Any(w => Says(line, w))) return CommentVerdict.Approve;
        return CommentVerdict.None;
    }

    private static bool Says(string line, string word)
    {
        if (!line.StartsWith(word, StringComparison.Ordinal)) return false;
        if (line.Length == word.Length) return true;
        var next = line[word.Length];
        return char.IsWhiteSpace(next) || char.IsPunctuation(next);
    }

    private static List<string> Words(string input, string text)
    {
        var words = text.Split([',', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(w => w.ToLowerInvariant()).Distinct().ToList();
        if (words.Count == 0 || words.Any(w => w.Any(char.IsControl)))
            throw new InvalidInputException(input, $"--{input} needs at least one word, comma separated (e.g. {DefaultApprove})");
        return words;
    }
}
