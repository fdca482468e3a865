namespace Graylane.Tests.Approvals.Support;

/// <summary>A comment that appears on the first request opened, After its opening (by the fake clock).</summary>
public sealed record ScriptedComment(string Author, string Text, TimeSpan After);
