namespace Graylane.Tests.Approvals.Support;

/// <summary>A request a fake server received, with the fake clock's time.</summary>
public sealed record FakeRequest(string Method, string Path, string Query, string Body, IReadOnlyDictionary<string, string> Headers, DateTimeOffset Time)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var v) ? v : null;
}
