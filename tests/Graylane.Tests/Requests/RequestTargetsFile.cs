namespace Graylane.Tests.Requests;

/// <summary>docs/request-targets.md as data: the most API requests a step may make, per router and case.</summary>
internal static class RequestTargetsFile
{
    public static string Path => System.IO.Path.Combine(RepositoryRoot(), "docs", "request-targets.md");

    /// <summary>Rows of the table | step | router | case | target | why |, keyed by (step, router, case).</summary>
    public static Dictionary<(string Step, string Router, string Case), int> Read()
    {
        var targets = new Dictionary<(string, string, string), int>();
        foreach (var line in File.ReadLines(Path))
        {
            var cells = line.Split('|', StringSplitOptions.TrimEntries);
            if (cells.Length >= 6 && int.TryParse(cells[4], out var target))
                Assert.True(targets.TryAdd((cells[1].Trim('`'), cells[2], cells[3]), target), $"{Path}: two rows for {cells[1]} {cells[2]} {cells[3]}");
        }
        return targets;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Tasks.sln"))) return dir.FullName;
        throw new InvalidOperationException("Tasks.sln not found above the test assembly");
    }
}
