using YamlDotNet.RepresentationModel;

namespace Graylane.Tests.Workflows.GitHub;

/// <summary>
/// An action.yml as the runner reads it: declared inputs with their defaults, outputs (with their value expressions for a
/// composite action), how it runs (docker: the container's args; composite: its steps) and the folder it lives in.
/// </summary>
public sealed record ActionMetadata(string Reference, string File, IReadOnlyDictionary<string, string?> Inputs,
    IReadOnlySet<string> Outputs, string Using, IReadOnlyList<string> Args)
{
    public const string Repository = "graylane/graylane";

    /// <summary>The folder holding action.yml: GITHUB_ACTION_PATH / github.action_path of a composite action's steps.</summary>
    public string Directory => System.IO.Path.GetDirectoryName(File)!;

    /// <summary>A composite action's steps.</summary>
    public IReadOnlyList<WorkflowStep> Steps { get; init; } = [];

    /// <summary>A composite action's outputs.&lt;name&gt;.value expressions.</summary>
    public IReadOnlyDictionary<string, string> OutputValues { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// The action a `uses:` names in this repository (graylane/graylane@v1, graylane/graylane/actions/&lt;step&gt;@v1),
    /// or null for another repository's action. A Graylane reference to a missing action.yml throws.
    /// </summary>
    public static ActionMetadata? ForUses(string uses)
    {
        var at = uses.IndexOf('@');
        if (at < 0) throw new InvalidDataException($"uses: {uses} has no @ref");
        var path = uses[..at];
        if (path != Repository && !path.StartsWith(Repository + "/", StringComparison.Ordinal)) return null;
        var relative = path.Length == Repository.Length ? "" : path[(Repository.Length + 1)..];
        var file = RepositoryRoot.File(System.IO.Path.Combine(relative, "action.yml"));
        if (!System.IO.File.Exists(file)) throw new InvalidDataException($"uses: {uses} names {file}, which does not exist");
        return Load(uses, file);
    }

    public static ActionMetadata Load(string reference, string file)
    {
        var root = YamlNodes.Load(file);
        var inputs = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (name, input) in root.Map("inputs").Entries()) inputs[name] = input.Str("default");
        var outputs = root.Map("outputs").Entries().ToList();
        var runs = root.Map("runs") ?? throw new InvalidDataException($"{file} has no runs:");
        var args = runs.Child("args") is YamlSequenceNode seq ? seq.Children.Select(c => ((YamlScalarNode)c).Value ?? "").ToList() : [];
        return new ActionMetadata(reference, file, inputs, outputs.Select(e => e.Key).ToHashSet(StringComparer.Ordinal), runs.Str("using") ?? "", args)
        {
            Steps = WorkflowFile.Steps(runs),
            OutputValues = outputs.Where(e => e.Value.Str("value") is not null).ToDictionary(e => e.Key, e => e.Value.Str("value")!, StringComparer.Ordinal),
        };
    }
}
