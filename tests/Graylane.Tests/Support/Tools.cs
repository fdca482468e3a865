namespace Graylane.Tests.Support;

/// <summary>Programs a test runs, found on the PATH as a shell finds them (never at a fixed path).</summary>
public static class Tools
{
    /// <summary>The full path of the first program of that name on the PATH (with PATHEXT on Windows), or null.</summary>
    public static string? Find(string program)
    {
        var extensions = OperatingSystem.IsWindows()
            ? (Environment.GetEnvironmentVariable("PATHEXT") ?? ".EXE;.CMD;.BAT").Split(';', StringSplitOptions.RemoveEmptyEntries).Prepend("")
            : [""];
        return (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(dir => extensions.Select(ext => Path.Combine(dir, program + ext)))
            .FirstOrDefault(File.Exists);
    }

    /// <summary>The first path of the program, or a failure naming it (for tests already skipped when it is missing).</summary>
    public static string Require(string program) =>
        Find(program) ?? throw new InvalidOperationException($"{program} is not on the PATH");

    /// <summary>Why a test needing these programs cannot run here, or null when all are on the PATH.</summary>
    public static string? Missing(params string[] programs) =>
        programs.Where(p => Find(p) is null).ToList() is { Count: > 0 } missing
            ? $"needs {string.Join(", ", missing)} on the PATH, not found here"
            : null;
}

/// <summary>A fact reported as skipped, with the reason, where a program it runs is not on the PATH.</summary>
public sealed class ToolFactAttribute : FactAttribute
{
    public ToolFactAttribute(params string[] programs)
    {
        if (Tools.Missing(programs) is { } why) Skip = why;
    }
}

/// <summary>A theory reported as skipped, with the reason, where a program it runs is not on the PATH.</summary>
public sealed class ToolTheoryAttribute : TheoryAttribute
{
    public ToolTheoryAttribute(params string[] programs)
    {
        if (Tools.Missing(programs) is { } why) Skip = why;
    }
}
