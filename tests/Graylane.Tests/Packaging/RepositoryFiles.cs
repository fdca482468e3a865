using System.Text.Json.Nodes;
using Graylane.Engine.Steps;
using YamlDotNet.RepresentationModel;

namespace Graylane.Tests.Packaging;

/// <summary>
/// The committed packaging files, read as the runner and the agent read them. The expectations come from
/// StepCatalog directly (not from the generator), so these tests catch drift however the files were made.
/// </summary>
public static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    /// <summary>Steps with their own action and task: all but the read-only status.</summary>
    public static IEnumerable<StepDefinition> ShippedSteps => StepCatalog.All.Where(s => s.Name != "status");

    public static TheoryData<string> ShippedStepNames()
    {
        var data = new TheoryData<string>();
        foreach (var step in ShippedSteps) data.Add(step.Name);
        return data;
    }

    public static string PascalFolder(string step) =>
        string.Concat(step.Split('-').Select(p => char.ToUpperInvariant(p[0]) + p[1..])) + "V1";

    public static string Path(string relative) => System.IO.Path.Combine(Root, relative);

    public static YamlMappingNode Yaml(string relative)
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(Path(relative));
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    public static JsonObject Json(string relative) => JsonNode.Parse(File.ReadAllText(Path(relative)))!.AsObject();

    public static YamlMappingNode Map(this YamlMappingNode node, string key) => (YamlMappingNode)node.Children[new YamlScalarNode(key)];

    public static string? Scalar(this YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? ((YamlScalarNode)value).Value : null;

    public static IReadOnlyList<string> Keys(this YamlMappingNode node) =>
        node.Children.Keys.Select(k => ((YamlScalarNode)k).Value!).ToList();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Tasks.sln")))
                return dir.FullName;
        throw new InvalidOperationException($"no Tasks.sln above {AppContext.BaseDirectory}");
    }
}
