namespace Graylane.LocalCluster;

/// <summary>
/// One injected fault. Matches requests by verb, resource (plural), namespace and name (null = any);
/// fires on every match, only on the Nth match (1-based), or on the first Times matches.
/// When it fires it waits Latency, then aborts the connection (Abort), answers StatusCode (when not 0), or lets
/// the request through (a pure latency rule).
/// </summary>
public sealed class FaultRule
{
    private int _matched;
    private int _fired;

    public string? Verb { get; init; }
    /// <summary>Match only create/update/patch/delete/deletecollection.</summary>
    public bool WritesOnly { get; init; }
    public string? Resource { get; init; }
    public string? Namespace { get; init; }
    public string? Name { get; init; }
    public int? Nth { get; init; }
    public int? Times { get; init; }

    /// <summary>HTTP status to answer (500, 503, 429, 409, 403…); 0 = none.</summary>
    public int StatusCode { get; init; }
    /// <summary>Sent as Retry-After and details.retryAfterSeconds (429/503).</summary>
    public int? RetryAfterSeconds { get; init; }
    /// <summary>Overrides the generated Status message.</summary>
    public string? Message { get; init; }
    /// <summary>For 403: the user named in the RBAC-style message.</summary>
    public string User { get; init; } = "system:serviceaccount:ci:graylane";
    public TimeSpan Latency { get; init; }
    /// <summary>The request waits for this task before it is handled (a test releases it to order requests exactly).</summary>
    public Task? Hold { get; init; }
    public bool Abort { get; init; }

    /// <summary>
    /// The lost reply: the request is carried out (the write lands), then the connection is dropped before the answer —
    /// the client cannot tell whether its write happened.
    /// </summary>
    public bool LoseReply { get; init; }

    /// <summary>
    /// Awaited after the request was carried out and before its answer is sent (or dropped, with LoseReply): a test holds
    /// the N-th write there while it kills or signals the client.
    /// </summary>
    public Func<Task>? BeforeReply { get; init; }

    /// <summary>Acts after the request is carried out (LoseReply, BeforeReply) rather than instead of it.</summary>
    internal bool AfterApply => LoseReply || BeforeReply is not null;

    /// <summary>How many requests matched so far.</summary>
    public int Matched => Volatile.Read(ref _matched);
    /// <summary>How many times the fault was applied.</summary>
    public int Fired => Volatile.Read(ref _fired);

    internal bool Matches(string verb, string resource, string? ns, string? name)
    {
        if (Verb is not null && !string.Equals(Verb, verb, StringComparison.OrdinalIgnoreCase)) return false;
        if (WritesOnly && verb is not ("create" or "update" or "patch" or "delete" or "deletecollection")) return false;
        if (Resource is not null && !string.Equals(Resource, resource, StringComparison.OrdinalIgnoreCase)) return false;
        if (Namespace is not null && Namespace != ns) return false;
        if (Name is not null && Name != name) return false;
        return true;
    }

    /// <summary>Counts a match and says whether this occurrence fires.</summary>
    internal bool CountAndDecide()
    {
        var n = Interlocked.Increment(ref _matched);
        var fires = Nth is { } nth ? n == nth : Times is not { } times || n <= times;
        if (fires) Interlocked.Increment(ref _fired);
        return fires;
    }
}
