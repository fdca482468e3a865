using Graylane.Core.Validation;

namespace Graylane.Core.Planning.Istio;

/// <summary>
/// What one shift-traffic step asks of the managed route. Weight: the gray share (0–100), the rest to the baseline.
/// Matches: one AND-list of rules per --match; requests matching any go to gray whatever the weight.
/// MirrorPercent: copy that share of the route's traffic to gray (null or 0 = no mirror). SetHeaders: request headers
/// set on traffic sent to gray. App names Graylane's routes (graylane-&lt;app&gt;-match-&lt;n&gt;).
/// </summary>
public sealed record IstioShift(
    string App,
    int Weight,
    IReadOnlyList<IReadOnlyList<MatchRule>> Matches,
    double? MirrorPercent = null,
    IReadOnlyDictionary<string, string>? SetHeaders = null)
{
    public const int MaxMatches = 16;

    public IReadOnlyDictionary<string, string> Headers => SetHeaders ?? new Dictionary<string, string>();

    /// <summary>Throws InvalidInputException naming the flag when a value is out of range.</summary>
    public void Validate()
    {
        KubeNames.DnsLabel("app", App);
        if (GraylaneRoutes.MatchRouteName(App, MaxMatches).Length > 253)
            throw new InvalidInputException("app", $"--app \"{App}\" is too long to name routes");
        if (Weight is < 0 or > 100)
            throw new InvalidInputException("weight", $"--weight {Weight} is not a weight: use a whole number from 0 to 100 (the percentage of traffic for the gray version)");
        if (MirrorPercent is { } m && (double.IsNaN(m) || m is < 0 or > 100))
            throw new InvalidInputException("mirror", $"--mirror {m} is not a percentage: use a number from 0 to 100 (the share of the baseline's traffic copied to the gray version)");
        if (Matches.Count > MaxMatches)
            throw new InvalidInputException("match", $"--match is given {Matches.Count} times; at most {MaxMatches}");
        if (Matches.Any(m => m.Count == 0))
            throw new InvalidInputException("match", "--match is empty; e.g. --match \"header:x-canary=true\"");
        foreach (var (name, value) in Headers) SetHeaderParser.Check($"{name}={value}", name, value);
    }
}
