using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Graylane.Tests.Workflows.Azure;

/// <summary>A Graylane task as the agent sees it: src/Tasks/&lt;Folder&gt;/task.json (name, major version, inputs with
/// types and defaults) and the step its index.js runs.</summary>
public sealed record AzureTaskMetadata(string Name, int Major, string Step, IReadOnlyDictionary<string, (string Type, string? Default)> Inputs)
{
    public static IReadOnlyList<AzureTaskMetadata> All { get; } = Load();

    /// <summary>The task a `task: Name@major` names, or null when it is not a Graylane task (ManualValidation@1…).</summary>
    public static AzureTaskMetadata? Find(string reference)
    {
        var at = reference.IndexOf('@');
        if (at < 0) throw new InvalidDataException($"task: {reference} has no @major version");
        var name = reference[..at];
        var major = int.Parse(reference[(at + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        if (!name.StartsWith("Graylane", StringComparison.Ordinal)) return null;
        return All.SingleOrDefault(t => t.Name == name && t.Major == major)
            ?? throw new InvalidDataException($"task: {reference} is not a task of this repository ({string.Join(", ", All.Select(t => $"{t.Name}@{t.Major}"))})");
    }

    private static List<AzureTaskMetadata> Load()
    {
        var tasks = new List<AzureTaskMetadata>();
        foreach (var file in Directory.GetFiles(RepositoryRoot.File("src/Tasks"), "task.json", SearchOption.AllDirectories))
        {
            var json = JsonNode.Parse(File.ReadAllText(file))!;
            var index = File.ReadAllText(Path.Combine(Path.GetDirectoryName(file)!, "index.js"));
            var step = Regex.Match(index, @"run-graylane\.js'\)\('([a-z-]+)'\)").Groups[1].Value;
            if (step.Length == 0) throw new InvalidDataException($"{file}: index.js names no step");
            var inputs = json["inputs"]!.AsArray().ToDictionary(i => (string)i!["name"]!,
                i => ((string)i!["type"]!, (string?)i["defaultValue"]), StringComparer.Ordinal);
            tasks.Add(new AzureTaskMetadata((string)json["name"]!, (int)json["version"]!["Major"]!, step, inputs));
        }
        return tasks;
    }
}
