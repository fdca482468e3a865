using System.Net;

namespace Graylane.Approvals.Http;

/// <summary>An HTTP answer as the API clients need it. FromCache: a 304 answered from the ETag cache.</summary>
public sealed record RestResponse(HttpStatusCode Status, string Body, IReadOnlyDictionary<string, string> Headers, bool FromCache)
{
    public bool IsSuccess => (int)Status is >= 200 and < 300;

    public string? Header(string name) => Headers.TryGetValue(name, out var v) ? v : null;
}
