namespace Graylane.Bench;

/// <summary>Command line: --runs N (default 5), --out FILE (default docs/benchmarks.md under the repository).</summary>
public sealed record BenchOptions(int Runs, string OutputFile, string CommandLine)
{
    public static BenchOptions Parse(string[] args, string repositoryRoot)
    {
        var runs = 5;
        var output = Path.Combine(repositoryRoot, "docs", "benchmarks.md");
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--runs" when i + 1 < args.Length && int.TryParse(args[i + 1], out var n) && n is >= 1 and <= 50:
                    runs = n;
                    i++;
                    break;
                case "--out" when i + 1 < args.Length:
                    output = Path.GetFullPath(args[++i]);
                    break;
                default:
                    throw new ArgumentException($"unknown or invalid argument \"{args[i]}\"; usage: [--runs 1..50] [--out FILE]");
            }
        }
        var line = "dotnet run -c Release --project src/Graylane.Bench" + (args.Length > 0 ? " -- " + string.Join(' ', args) : "");
        return new BenchOptions(runs, output, line);
    }
}
