using System.Globalization;
using Graylane.Core.Validation;

namespace Graylane.Core.Planning.Replicas;

/// <summary>
/// The pod arithmetic of a split by replica counts (--router replicas): for a weight and a fixed total of pods, how many
/// run the gray version. 0 and 100 are exact (no gray pod, no baseline pod); any weight in between keeps at least one pod
/// of each version and takes the count nearest to the weight (on a tie, the smaller gray count: the gray never gets more
/// than asked when two counts are equally near). A weight the total cannot approach within <see cref="MaxPointsOff"/>
/// points is refused before any write, with the nearest achievable split and a total that would do. Pure.
/// </summary>
public static class ReplicaSplit
{
    /// <summary>How far the pods' share may be from the weight asked, in percentage points.</summary>
    public const int MaxPointsOff = 10;

    /// <summary>The split nearest to the weight for this total; null when no split of it has both versions (a total under 2 and a weight strictly between 0 and 100).</summary>
    public static PodSplit? Nearest(int weight, int total)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(total);
        if (weight is < 0 or > 100) throw new ArgumentOutOfRangeException(nameof(weight), weight, "a weight is 0-100");
        if (weight == 0) return new PodSplit(0, total);
        if (weight == 100) return new PodSplit(total, 0);
        if (total < 2) return null;
        // Nearest whole count, ties down: ceil(x - 1/2) with x = total * weight / 100, in integers.
        var gray = (int)Math.Ceiling((total * weight - 50) / 100.0);
        gray = Math.Clamp(gray, 1, total - 1);
        return new PodSplit(gray, total - gray);
    }

    /// <summary>True when the split's share is at most <see cref="MaxPointsOff"/> points from the weight.</summary>
    public static bool Reaches(int weight, PodSplit split) =>
        split.Total > 0 && Math.Abs(100L * split.Gray - (long)weight * split.Total) <= (long)MaxPointsOff * split.Total;

    /// <summary>The smallest total, at least <paramref name="from"/>, whose nearest split reaches the weight (always found by 10 pods).</summary>
    public static int TotalThatReaches(int weight, int from)
    {
        for (var total = Math.Max(from, 1); ; total++)
            if (Nearest(weight, total) is { } split && Reaches(weight, split))
                return total;
    }

    /// <summary>
    /// The split a shift to the weight makes with this total, or bad input naming --weight (and --replicas, which would
    /// make it possible) when the total cannot come within <see cref="MaxPointsOff"/> points of it.
    /// </summary>
    public static PodSplit Plan(int weight, int total)
    {
        if (total < 1)
            throw new InvalidInputException("replicas", "--replicas 0 leaves no pods to split traffic between; give the total number of pods of both versions, at least 1");
        var nearest = Nearest(weight, total);
        if (nearest is { } split && Reaches(weight, split)) return split;
        var better = TotalThatReaches(weight, total);
        var suggestion = $"--replicas {better} would give {Nearest(weight, better)!.Value}";
        var message = nearest is { } near
            ? string.Create(CultureInfo.InvariantCulture,
                $"--weight {weight} cannot be approached with {Pods(total)} behind the Service: the nearest is {near}, {Off(weight, near)} points off (at most {MaxPointsOff}); {suggestion}, or choose a weight near {near.ShareRounded}")
            : $"--weight {weight} is not possible with {Pods(total)}: a split needs a pod of each version, so only 0 and 100 are; {suggestion}";
        throw new InvalidInputException("weight", message);
    }

    private static string Pods(int n) => n == 1 ? "1 pod" : $"{n} pods";

    private static string Off(int weight, PodSplit split) => Math.Abs(split.Share - weight).ToString("0.#", CultureInfo.InvariantCulture);
}
