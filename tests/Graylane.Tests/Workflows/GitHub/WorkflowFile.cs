using YamlDotNet.RepresentationModel;

namespace Graylane.Tests.Workflows.GitHub;

/// <summary>A workflow file parsed with YamlStream: the events it runs on, env, workflow_dispatch inputs and jobs in file order.</summary>
public sealed record WorkflowFile(string Path, string Name, IReadOnlyList<string> On, IReadOnlyList<KeyValuePair<string, string>> Env,
    IReadOnlyDictionary<string, string?> DispatchInputs, IReadOnlyList<WorkflowJob> Jobs)
{
    public static WorkflowFile Load(string path)
    {
        var root = YamlNodes.Load(path);
        var dispatch = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (root.Child("on") is YamlMappingNode on && on.Map("workflow_dispatch") is { } wd)
            foreach (var (name, input) in wd.Map("inputs").Entries()) dispatch[name] = input.Str("default");
        var jobs = root.Map("jobs").Entries().Select(j => new WorkflowJob(
            j.Key,
            j.Value.Strings("needs"),
            j.Value.Str("if"),
            j.Value.Child("environment") switch
            {
                YamlScalarNode s => s.Value,
                YamlMappingNode m => m.Str("name"),
                _ => null,
            },
            j.Value.Pairs("outputs"),
            j.Value.Pairs("env"),
            Steps(j.Value))).ToList();
        // What the local runner would silently get wrong is refused instead.
        foreach (var (what, map) in jobs.Select(j => ($"job {j.Id}", root.Map("jobs")!.Map(j.Id)!)).Prepend(("the workflow", root)))
            if (map.Child("defaults") is not null) throw new InvalidDataException($"{path}: {what} sets defaults:, which the local runner does not apply");
        foreach (var job in jobs)
            foreach (var need in job.Needs)
                if (jobs.All(j => j.Id != need)) throw new InvalidDataException($"{path}: job {job.Id} needs {need}, which is not a job");
        var events = root.Child("on") switch
        {
            YamlScalarNode s => [s.Value ?? ""],
            YamlSequenceNode seq => seq.Children.OfType<YamlScalarNode>().Select(s => s.Value ?? "").ToList(),
            YamlMappingNode m => m.Entries().Select(e => e.Key).ToList(),
            _ => new List<string>(),
        };
        return new WorkflowFile(path, root.Str("name") ?? System.IO.Path.GetFileName(path), events, root.Pairs("env"), dispatch, jobs);
    }

    /// <summary>The steps of a job or of a composite action's runs:.</summary>
    public static List<WorkflowStep> Steps(YamlMappingNode parent) =>
        parent.Items("steps").Select((s, i) => new WorkflowStep(i, s.Str("id"), s.Str("name"), s.Str("uses"), s.Str("run"),
            s.Str("if"), s.Pairs("with"), s.Pairs("env")) { Shell = s.Str("shell"), WorkingDirectory = s.Str("working-directory") }).ToList();
}
