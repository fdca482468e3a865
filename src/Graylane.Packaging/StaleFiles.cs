namespace Graylane.Packaging;

/// <summary>Generated files of steps that no longer exist: left behind they would still be published.</summary>
public static class StaleFiles
{
    /// <summary>Action folders that are no step's: actions/setup (its action.yml is generated, its install.sh is not).</summary>
    public static readonly IReadOnlySet<string> HandWrittenActions = new HashSet<string>(StringComparer.Ordinal) { "setup" };

    public static IReadOnlyList<string> Find(string root, IReadOnlyDictionary<string, string> generated)
    {
        var stale = new List<string>();
        var actions = Path.Combine(root, "actions");
        if (Directory.Exists(actions))
        {
            foreach (var dir in Directory.GetDirectories(actions))
            {
                var path = $"actions/{Path.GetFileName(dir)}/action.yml";
                if (!HandWrittenActions.Contains(Path.GetFileName(dir)) && File.Exists(Path.Combine(root, path)) && !generated.ContainsKey(path))
                    stale.Add(path);
            }
        }
        var tasks = Path.Combine(root, ExtensionManifest.TasksFolder);
        if (Directory.Exists(tasks))
        {
            foreach (var dir in Directory.GetDirectories(tasks))
            {
                foreach (var name in (string[])["task.json", "index.js"])
                {
                    var path = $"{ExtensionManifest.TasksFolder}/{Path.GetFileName(dir)}/{name}";
                    if (File.Exists(Path.Combine(root, path)) && !generated.ContainsKey(path))
                        stale.Add(path);
                }
            }
        }
        return stale;
    }
}
