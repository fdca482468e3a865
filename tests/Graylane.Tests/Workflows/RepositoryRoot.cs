namespace Graylane.Tests.Workflows;

/// <summary>The checkout the tests run from (the folder holding Tasks.sln).</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    public static string File(string relative) => System.IO.Path.Combine(Path, relative);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (System.IO.File.Exists(System.IO.Path.Combine(dir.FullName, "Tasks.sln")))
                return dir.FullName;
        throw new InvalidOperationException("Tasks.sln not found above " + AppContext.BaseDirectory);
    }
}
