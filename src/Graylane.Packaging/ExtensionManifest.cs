using System.Text.Json.Nodes;

namespace Graylane.Packaging;

/// <summary>
/// vss-extension.json: the Azure DevOps extension with one task contribution per shipped step. Paths are
/// relative to the repository root, which is also the layout of the staging folder the .vsix is built from.
/// </summary>
public static class ExtensionManifest
{
    public const string TasksFolder = "src/Tasks";

    public static string Json(ReleaseInfo release)
    {
        var files = new JsonArray();
        var contributions = new JsonArray();
        foreach (var step in ShippedSteps.All)
        {
            var folder = $"{TasksFolder}/{ShippedSteps.TaskFolder(step.Name)}";
            files.Add(new JsonObject { ["path"] = folder });
            contributions.Add(new JsonObject
            {
                ["id"] = $"{step.Name}-task",
                ["description"] = step.Description,
                ["type"] = "ms.vss-distributed-task.task",
                ["targets"] = new JsonArray("ms.vss-distributed-task.tasks"),
                ["properties"] = new JsonObject { ["name"] = folder },
            });
        }
        var manifest = new JsonObject
        {
            ["manifestVersion"] = 1,
            ["id"] = "graylane",
            ["publisher"] = ReleaseInfo.Publisher,
            ["version"] = release.Version.ToString(3),
            ["name"] = "Graylane gray releases",
            ["description"] = "Gray (canary) releases on Kubernetes from Azure Pipelines: deploy, shift traffic, promote, roll back.",
            ["public"] = true,
            ["categories"] = new JsonArray("Azure Pipelines"),
            ["tags"] = new JsonArray("kubernetes", "canary", "gray release", "blue-green", "rollback"),
            ["targets"] = new JsonArray(new JsonObject { ["id"] = "Microsoft.VisualStudio.Services" }),
            ["icons"] = new JsonObject { ["default"] = $"{TasksFolder}/images/icon.png" },
            ["content"] = new JsonObject { ["details"] = new JsonObject { ["path"] = $"{TasksFolder}/overview.md" } },
            ["repository"] = new JsonObject { ["type"] = "git", ["uri"] = release.RepositoryUrl },
            ["links"] = new JsonObject { ["support"] = new JsonObject { ["uri"] = $"{release.RepositoryUrl}/issues" } },
            ["files"] = files,
            ["contributions"] = contributions,
        };
        return JsonText.Write(manifest);
    }
}
