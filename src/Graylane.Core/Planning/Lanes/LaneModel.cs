namespace Graylane.Core.Planning.Lanes;

/// <summary>
/// An app's lanes, whatever objects express them: each service's baseline (where requests go when their lane has
/// no workload of the service), which services each lane holds, and how the gateway splits entering traffic.
/// A lane is named after the version label value of its pods.
/// </summary>
public sealed class LaneModel
{
    public required string App { get; init; }
    public required string Namespace { get; init; }
    public required IReadOnlyList<string> Services { get; init; }
    public required string EntryService { get; init; }
    public required string RouteHeader { get; init; }
    public string VersionLabel { get; init; } = "version";
    public Dictionary<string, string> Baselines { get; init; } = new(StringComparer.Ordinal);
    public SortedDictionary<string, SortedSet<string>> Lanes { get; init; } = new(StringComparer.Ordinal);
    /// <summary>The gateway's split between lanes (only lanes with a share).</summary>
    public List<LaneWeight> Entry { get; set; } = [];

    public bool HasWorkload(string service, string lane) => Lanes.TryGetValue(lane, out var s) && s.Contains(service);

    /// <summary>The version that serves a request tagged for the lane: the lane's own, else the service's baseline.</summary>
    public string Serving(string service, string lane) => HasWorkload(service, lane) ? lane : Baselines[service];

    /// <summary>Lanes holding a workload of the service, its baseline included.</summary>
    public IEnumerable<string> LanesOf(string service) => Lanes.Where(l => l.Value.Contains(service)).Select(l => l.Key);

    public int WeightOf(string lane) => Entry.Where(e => e.Lane == lane).Sum(e => e.Weight);

    public LaneModel Clone() => new()
    {
        App = App,
        Namespace = Namespace,
        Services = [.. Services],
        EntryService = EntryService,
        RouteHeader = RouteHeader,
        VersionLabel = VersionLabel,
        Baselines = new Dictionary<string, string>(Baselines, StringComparer.Ordinal),
        Lanes = new SortedDictionary<string, SortedSet<string>>(
            Lanes.ToDictionary(l => l.Key, l => new SortedSet<string>(l.Value, StringComparer.Ordinal)), StringComparer.Ordinal),
        Entry = [.. Entry],
    };

    /// <summary>A model where every service runs only its baseline and the gateway sends everything to the entry's baseline lane.</summary>
    public static LaneModel Bootstrap(string app, string ns, IReadOnlyList<string> services, string entry, string routeHeader, string versionLabel,
        IReadOnlyDictionary<string, string> baselines)
    {
        var model = new LaneModel { App = app, Namespace = ns, Services = services, EntryService = entry, RouteHeader = routeHeader, VersionLabel = versionLabel };
        foreach (var s in services)
        {
            model.Baselines[s] = baselines[s];
            model.AddMember(baselines[s], s);
        }
        model.Entry = [new LaneWeight(baselines[entry], 100)];
        return model;
    }

    /// <summary>The service has a workload in the lane (the lane is made when it is new).</summary>
    public void AddMember(string lane, string service)
    {
        if (!Lanes.TryGetValue(lane, out var set)) Lanes[lane] = set = new SortedSet<string>(StringComparer.Ordinal);
        set.Add(service);
    }
}
