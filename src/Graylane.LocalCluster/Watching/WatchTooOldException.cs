namespace Graylane.LocalCluster.Watching;

/// <summary>A watch asked for a resourceVersion older than the kept window (answered as 410 Expired).</summary>
internal sealed class WatchTooOldException(long requested, long oldest)
    : Exception($"too old resource version: {requested} ({oldest})");
