namespace Graylane.Core.Hosting;

/// <summary>Who runs a step and from which pipeline run; recorded in release history and locks.</summary>
/// <param name="Actor">User name (GITHUB_ACTOR, Build.RequestedFor, or the local user).</param>
/// <param name="RunId">Pipeline run id, or null when run by hand.</param>
/// <param name="RunUrl">Link to the run, or null.</param>
public sealed record RunIdentity(string Actor, string? RunId, string? RunUrl)
{
    public override string ToString() => RunUrl is not null ? $"{Actor} ({RunUrl})" : RunId is null ? Actor : $"{Actor} (run {RunId})";
}
