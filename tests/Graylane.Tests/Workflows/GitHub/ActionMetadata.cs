using YamlDotNet.RepresentationModel;

namespace Graylane.Tests.Workflows.GitHub;

/// <summary>An action.yml as the runner reads it: declared inputs with their defaults, outputs, and the container's args.</summary>
public sealed record ActionMetadata(string Reference, string File, IReadOnlyDictionary<string, string?> Inputs,
    IReadOnlySet<string> Outputs, string Using, IReadOnlyList<string> Args)
{
    public const string Repository = "graylane/graylane";

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
        var outputs = root.Map("outputs").Entries().Select(e => e.Key).ToHashSet(StringComparer.Ordinal);
        var runs = root.Map("runs") ?? throw new InvalidDataException($"{file} has no runs:");
        var args = runs.Child("args") is YamlSequenceNode seq ? seq.Children.Select(c => ((YamlScalarNode)c).Value ?? "").ToList() : [];
        return new ActionMetadata(reference, file, inputs, outputs, runs.Str("using") ?? "", args);
    }
}
