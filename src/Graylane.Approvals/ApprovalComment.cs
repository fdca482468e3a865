namespace Graylane.Approvals;

/// <summary>A comment on the request. Names: every name the author is known by (login; or unique name and display name).</summary>
public sealed record ApprovalComment(string Author, IReadOnlyList<string> Names, string Text, DateTimeOffset CreatedAt);
