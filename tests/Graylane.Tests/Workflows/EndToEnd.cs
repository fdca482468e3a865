using System.Text.RegularExpressions;

namespace Graylane.Tests.Workflows;

/// <summary>Whether a test runs an example end to end: some test under tests/Graylane.Tests/Workflows/&lt;folder&gt; passes its file name to RunAsync.</summary>
public static class EndToEnd
{
    public static bool IsRun(string exampleFile, string folder) =>
        Directory.GetFiles(RepositoryRoot.File(Path.Combine("tests", "Graylane.Tests", "Workflows", folder)), "*Tests.cs")
            .Any(f => Regex.IsMatch(File.ReadAllText(f), $@"RunAsync\((?:[^;""]*,\s*)?""{Regex.Escape(exampleFile)}"""));
}
