namespace Graylane.Bench;

public sealed record ProcessResult(int ExitCode, string Output, TimeSpan Wall);
