namespace Graylane.Core.Planning;

/// <summary>A step that does not fit the release's state (promote with no release, a second release at once…). Nothing was changed.</summary>
public sealed class ReleaseConflictException(string message) : Exception(message);
