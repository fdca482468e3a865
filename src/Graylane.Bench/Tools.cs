namespace Graylane.Bench;

/// <summary>
/// Finds what is measured: the Native AOT binary (out/aot/graylane, made by .ci/run or the Dockerfile's publish),
/// the framework-dependent build (out/portable/graylane.dll, else this configuration's build of src/Graylane.Cli),
/// and kubectl on the PATH.
/// </summary>
public static class Tools
{
    public static Tool? Aot(string root)
    {
        var file = Path.Combine(root, "out", "aot", "graylane");
        return File.Exists(file) ? new Tool("graylane (Native AOT)", file, [], Relative(root, file)) : null;
    }

    public static Tool FrameworkDependent(string root)
    {
        string[] candidates =
        [
            Path.Combine(root, "out", "portable", "graylane.dll"),
            Path.Combine(root, "src", "Graylane.Cli", "bin", "Release", "net10.0", "graylane.dll"),
            Path.Combine(root, "src", "Graylane.Cli", "bin", "Debug", "net10.0", "graylane.dll"),
        ];
        var file = candidates.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("no framework-dependent graylane.dll found; build src/Graylane.Cli first");
        return new Tool("graylane (framework-dependent)", "dotnet", [file], "dotnet " + Relative(root, file));
    }

    public static Tool? Kubectl()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var file = Path.Combine(dir, "kubectl");
            if (File.Exists(file)) return new Tool("kubectl", file, [], file);
        }
        return null;
    }

    private static string Relative(string root, string file) => Path.GetRelativePath(root, file);
}
