using YamlDotNet.RepresentationModel;

namespace Graylane.Tests.Workflows.Azure;

/// <summary>An azure-pipelines YAML file parsed with YamlStream: parameters with defaults, variables, stages.</summary>
public sealed record PipelineFile(string Path, IReadOnlyDictionary<string, string?> Parameters,
    IReadOnlyDictionary<string, string> Variables, IReadOnlyList<PipelineStage> Stages)
{
    public static PipelineFile Load(string path)
    {
        var root = YamlNodes.Load(path);
        var parameters = root.Items("parameters").ToDictionary(p => p.Str("name")!, p => p.Str("default"), StringComparer.Ordinal);
        var variables = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (k, v) in ReadVariables(root)) variables[k] = v;

        var stages = new List<PipelineStage>();
        foreach (var s in root.Items("stages"))
        {
            var name = s.Str("stage")!;
            var dependsOn = s.Child("dependsOn") is null ? (stages.Count == 0 ? [] : [stages[^1].Name]) : s.Strings("dependsOn");
            stages.Add(new PipelineStage(name, dependsOn, s.Str("condition"), s.Items("jobs").Select(Job).ToList()));
        }
        foreach (var stage in stages)
            foreach (var d in stage.DependsOn)
                if (stages.All(x => x.Name != d)) throw new InvalidDataException($"{path}: stage {stage.Name} depends on {d}, which is not a stage");
        return new PipelineFile(path, parameters, variables, stages);
    }

    private static PipelineJob Job(YamlMappingNode j)
    {
        var deployment = j.Str("deployment");
        var steps = deployment is null
            ? j.Items("steps")
            : j.Map("strategy")?.Map("runOnce")?.Map("deploy")?.Items("steps") ?? throw new InvalidDataException($"deployment {deployment}: only strategy runOnce is supported");
        return new PipelineJob(
            deployment ?? j.Str("job") ?? throw new InvalidDataException("a job without job: or deployment:"),
            j.Strings("dependsOn"),
            j.Str("condition"),
            j.Str("pool") == "server",
            j.Child("environment") switch { YamlScalarNode e => e.Value, YamlMappingNode m => m.Str("name"), _ => null },
            steps.Select((s, i) => new PipelineStep(i, s.Str("name"), s.Str("task"), s.Pairs("inputs"), s.Str("condition"),
                s.Str("script") ?? s.Str("bash"), s.Str("checkout"), s.Str("displayName"))).ToList(),
            ReadVariables(j),
            deployment is not null);
    }

    /// <summary>`variables:` as a mapping (name: value) or a list of name/value items.</summary>
    private static List<KeyValuePair<string, string>> ReadVariables(YamlMappingNode node) =>
        node.Child("variables") is YamlMappingNode
            ? node.Pairs("variables")
            : node.Items("variables").Select(v => KeyValuePair.Create(v.Str("name")!, v.Str("value") ?? "")).ToList();
}
