using Graylane.Core.Validation;

namespace Graylane.Core.Planning.Lanes;

/// <summary>The ways a release or a developer changes an app's lanes, as pure functions on a copy of the model.</summary>
public static class LaneChanges
{
    /// <summary>The lane holds (at least) these services; the others keep falling back to their baselines.</summary>
    public static LaneModel AddLane(LaneModel model, string lane, IEnumerable<string> services)
    {
        var result = model.Clone();
        foreach (var s in services)
        {
            if (!result.Services.Contains(s))
                throw new InvalidInputException("services", $"{s} is not a service of app {model.App} ({string.Join(", ", model.Services)})");
            result.AddMember(lane, s);
        }
        return result;
    }

    /// <summary>A lane and its gateway share go; services whose baseline it is keep it (they still take untagged traffic).</summary>
    public static LaneModel RemoveLane(LaneModel model, string lane)
    {
        var result = model.Clone();
        if (result.Lanes.TryGetValue(lane, out var members))
        {
            members.RemoveWhere(s => result.Baselines[s] != lane);
            if (members.Count == 0) result.Lanes.Remove(lane);
        }
        result.Entry = result.Entry.Where(e => e.Lane != lane).ToList();
        return result;
    }

    /// <summary>The gateway sends weight% to the new lane and the rest to the old one (a lane with no share is not routed).</summary>
    public static LaneModel Split(LaneModel model, string oldLane, string newLane, int weight)
    {
        var result = model.Clone();
        result.Entry = new[] { new LaneWeight(oldLane, 100 - weight), new LaneWeight(newLane, weight) }.Where(e => e.Weight > 0).ToList();
        return result;
    }

    /// <summary>
    /// After all traffic went to the new lane: the changed services' baselines become the new lane, they leave their
    /// old baseline lane, and a lane left without services is gone. Returns the model and the lanes deleted.
    /// </summary>
    public static (LaneModel Model, IReadOnlyList<string> DeletedLanes) Promote(LaneModel model, string newLane, IEnumerable<string> changed)
    {
        var result = Split(model, newLane, newLane, 100);
        result.Entry = [new LaneWeight(newLane, 100)];
        var deleted = new List<string>();
        foreach (var s in changed)
        {
            var old = result.Baselines[s];
            result.Baselines[s] = newLane;
            result.AddMember(newLane, s);
            if (old == newLane || !result.Lanes.TryGetValue(old, out var members)) continue;
            members.Remove(s);
            if (members.Count == 0)
            {
                result.Lanes.Remove(old);
                deleted.Add(old);
            }
        }
        return (result, deleted);
    }
}
