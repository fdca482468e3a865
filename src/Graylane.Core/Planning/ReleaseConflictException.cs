namespace Graylane.Core.Planning;

/// <summary>A step that does not fit the release's state (promote with no release, a second release at once…). Nothing was changed.</summary>
/// <param name="busy">
/// Another step holds the release or changed it while this one ran (its Lease, the record's compare-and-swap, an object
/// written meanwhile): this step lost a race, not its input. It says "release is busy" and exits 1; run it again once the
/// other step has finished. Otherwise the release's phase does not allow the step: exit 2.
/// </param>
public sealed class ReleaseConflictException(string message, bool busy = false) : Exception(message)
{
    public bool Busy { get; } = busy;
}
