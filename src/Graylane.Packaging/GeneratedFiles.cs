namespace Graylane.Packaging;

/// <summary>Every generated file, by its path relative to the repository root ('/' separated).</summary>
public static class GeneratedFiles
{
    public static IReadOnlyDictionary<string, string> All(ReleaseInfo release)
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["action.yml"] = ActionFiles.Root(release),
            ["vss-extension.json"] = ExtensionManifest.Json(release),
            [SetupActionFile.Path] = SetupActionFile.Yaml(release),
        };
        foreach (var step in ShippedSteps.All)
        {
            files[$"actions/{step.Name}/action.yml"] = ActionFiles.Step(step, release);
            var folder = $"{ExtensionManifest.TasksFolder}/{ShippedSteps.TaskFolder(step.Name)}";
            files[$"{folder}/task.json"] = TaskFiles.TaskJson(step, release);
            files[$"{folder}/index.js"] = TaskFiles.IndexJs(step);
        }
        return files;
    }
}
