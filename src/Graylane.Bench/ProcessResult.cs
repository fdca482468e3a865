namespace Graylane.Bench;

/// <summary>How one run of a program went: its exit code and output, wall time, user CPU and peak resident memory.</summary>
public sealed record ProcessResult(int ExitCode, string Output, TimeSpan Wall, TimeSpan UserCpu, long PeakRssKiB);
