using System.Text.Json.Nodes;
using Graylane.LocalCluster.Api;

namespace Graylane.LocalCluster;

/// <summary>Per-test fault knobs: error statuses, latency, aborted connections, denied writes, dropped watches.</summary>
public sealed class FaultInjector
{
    private readonly Lock _gate = new();
    private readonly List<FaultRule> _rules = new();
    private readonly Func<int> _dropWatches;

    internal FaultInjector(Func<int> dropWatches) => _dropWatches = dropWatches;

    public IReadOnlyList<FaultRule> Rules
    {
        get { lock (_gate) return _rules.ToList(); }
    }

    public FaultRule Add(FaultRule rule)
    {
        lock (_gate) _rules.Add(rule);
        return rule;
    }

    /// <summary>Answer statusCode (e.g. 500, 503, 429 with Retry-After, 409) to matching requests.</summary>
    public FaultRule Fail(int statusCode, string? verb = null, string? resource = null, string? ns = null, string? name = null,
        int? times = null, int? nth = null, int? retryAfterSeconds = null) =>
        Add(new FaultRule
        {
            StatusCode = statusCode, Verb = verb, Resource = resource, Namespace = ns, Name = name,
            Times = times, Nth = nth, RetryAfterSeconds = retryAfterSeconds,
        });

    /// <summary>Deny writes with 403 as RBAC would ("… is forbidden: User … cannot patch resource …").</summary>
    public FaultRule DenyWrites(string? resource = null, string? ns = null, string? verb = null,
        string user = "system:serviceaccount:ci:graylane") =>
        Add(new FaultRule { StatusCode = 403, WritesOnly = true, Resource = resource, Namespace = ns, Verb = verb, User = user });

    public FaultRule Delay(TimeSpan latency, string? verb = null, string? resource = null, string? ns = null, int? times = null) =>
        Add(new FaultRule { Latency = latency, Verb = verb, Resource = resource, Namespace = ns, Times = times });

    /// <summary>Drop the connection without an answer.</summary>
    public FaultRule AbortConnection(string? verb = null, string? resource = null, string? ns = null, int? times = null, int? nth = null) =>
        Add(new FaultRule { Abort = true, Verb = verb, Resource = resource, Namespace = ns, Times = times, Nth = nth });

    /// <summary>Ends every open watch stream now (clients see the stream close and must re-watch). Returns how many.</summary>
    public int DropWatches() => _dropWatches();

    public void Clear()
    {
        lock (_gate) _rules.Clear();
    }

    /// <summary>Applies matching rules: may delay, then returns the fault to answer (or null to go on).</summary>
    internal async Task<FaultOutcome?> EvaluateAsync(string verb, string group, string resource, string? ns, string? name, CancellationToken ct)
    {
        List<FaultRule> fired;
        lock (_gate) fired = _rules.Where(r => r.Matches(verb, resource, ns, name)).Where(r => r.CountAndDecide()).ToList();
        foreach (var rule in fired)
        {
            if (rule.Latency > TimeSpan.Zero) await Task.Delay(rule.Latency, ct);
            if (rule.Hold is { } hold) await hold.WaitAsync(ct);
            if (rule.AfterApply) return new FaultOutcome(null, Abort: false, After: rule);
            if (rule.Abort) return new FaultOutcome(null, Abort: true);
            if (rule.StatusCode != 0) return new FaultOutcome(ToException(rule, verb, group, resource, ns, name), Abort: false);
        }
        return null;
    }

    private static ApiException ToException(FaultRule rule, string verb, string group, string resource, string? ns, string? name)
    {
        var qualified = group.Length == 0 ? resource : $"{resource}.{group}";
        var where = ns is null ? "" : $" in namespace \"{ns}\"";
        var details = new JsonObject { ["name"] = name ?? "" };
        if (group.Length > 0) details["group"] = group;
        details["kind"] = resource;
        if (rule.RetryAfterSeconds is { } ra) details["retryAfterSeconds"] = ra;
        switch (rule.StatusCode)
        {
            case 403:
                var what = name is null ? qualified : $"{qualified} \"{name}\"";
                var scope = ns is null ? "at the cluster scope" : $"in the namespace \"{ns}\"";
                return new ApiException(403, "Forbidden", rule.Message ??
                    $"{what} is forbidden: User \"{rule.User}\" cannot {verb} resource \"{resource}\" in API group \"{group}\" {scope}", details);
            case 409:
                return new ApiException(409, "Conflict", rule.Message ??
                    $"Operation cannot be fulfilled on {qualified} \"{name}\": the object has been modified; please apply your changes to the latest version and try again", details);
            case 429:
                return new ApiException(429, "TooManyRequests", rule.Message ?? $"Too many requests, please try again later ({verb} {qualified}{where}).",
                    details, rule.RetryAfterSeconds ?? 1);
            case 503:
                return new ApiException(503, "ServiceUnavailable", rule.Message ?? $"The server is currently unable to handle the request ({verb} {qualified}{where}).",
                    details, rule.RetryAfterSeconds);
            case 504:
                return new ApiException(504, "Timeout", rule.Message ?? $"The server was unable to return a response in the time allotted ({verb} {qualified}{where}).", details);
            default:
                return new ApiException(rule.StatusCode, rule.StatusCode >= 500 ? "InternalError" : "BadRequest",
                    rule.Message ?? $"Internal error occurred: injected fault on {verb} {qualified}{where}", details, rule.RetryAfterSeconds);
        }
    }
}

internal sealed record FaultOutcome(ApiException? Error, bool Abort, FaultRule? After = null);
