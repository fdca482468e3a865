namespace Graylane.Tests.Approvals.Support;

public sealed record FakeComment(long Id, string Author, string Body, DateTimeOffset CreatedAt, string Type);
