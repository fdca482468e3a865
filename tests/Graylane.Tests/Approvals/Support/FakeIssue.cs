namespace Graylane.Tests.Approvals.Support;

public sealed class FakeIssue(long number, string repository, string title, string body, List<string> assignees, List<string> labels, DateTimeOffset createdAt)
{
    public long Number { get; } = number;
    public string Repository { get; } = repository;
    public string Title { get; } = title;
    public string Body { get; } = body;
    public List<string> Assignees { get; } = assignees;
    public List<string> Labels { get; } = labels;
    public DateTimeOffset CreatedAt { get; } = createdAt;
    public string State { get; set; } = "open";
    public string? StateReason { get; set; }
    public List<FakeComment> Comments { get; } = [];

    /// <summary>Comments the step posted (the fake marks them as the bot's).</summary>
    public IEnumerable<string> BotComments => Comments.Where(c => c.Type == "Bot").Select(c => c.Body);
}
