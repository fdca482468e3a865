namespace Graylane.Core.Model;

/// <summary>An object someone changed (or deleted) since Graylane last wrote it, with the differences found.</summary>
public sealed record DriftFinding(ObjectKey Object, IReadOnlyList<string> Differences)
{
    public const string DeletedText = "deleted";

    public bool Deleted => Differences.Count == 1 && Differences[0] == DeletedText;

    public override string ToString() => Deleted ? $"{Object} was deleted" : $"{Object}: {string.Join("; ", Differences)}";

    /// <summary>The refusal a step gives when it finds drift: what changed, that nothing was overwritten, and the way out.</summary>
    public static string Refusal(IReadOnlyList<DriftFinding> found) =>
        $"{string.Join(" | ", found.Select(f => f.Deleted ? $"{f.Object} was deleted since Graylane last wrote it" : $"{f.Object} was changed since Graylane last wrote it ({string.Join("; ", f.Differences)})"))}; " +
        "nothing was overwritten. Undo that change, or run shift-traffic with --accept-drift to plan from the objects as they are now";
}
