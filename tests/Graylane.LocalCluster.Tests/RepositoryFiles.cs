namespace Graylane.LocalCluster.Tests;

/// <summary>Files of the checkout the tests run from (the folder holding Tasks.sln), never absolute paths.</summary>
internal static class RepositoryFiles
{
    public static string Root { get; } = Find();

    public static string PathOf(string relative) => Path.Combine(Root, relative);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Tasks.sln"))) return dir.FullName;
        throw new InvalidOperationException("Tasks.sln not found above " + AppContext.BaseDirectory);
    }
}
