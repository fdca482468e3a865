using System.Text;
using Graylane.Core.Hosting;
using Graylane.Engine.Steps;

namespace Graylane.Packaging;

/// <summary>
/// The GitHub action metadata: the Marketplace action at the root (input `command` picks the step) and
/// actions/&lt;step&gt;/action.yml with only that step's inputs and outputs. All are container actions on
/// the prebuilt image; the binary reads INPUT_* itself and enforces `required` (the runner does not).
/// </summary>
public static class ActionFiles
{
    public const string Header =
        "# Generated from StepCatalog by `dotnet run --project src/Graylane.Packaging -- write`; change the step's definition, not this file.\n";

    public static string Root(ReleaseInfo release)
    {
        var steps = StepCatalog.All;
        var yaml = new StringBuilder(Header);
        yaml.Append("name: ").AppendLine(YamlText.Quote("Graylane gray releases"));
        yaml.Append("description: ").AppendLine(YamlText.Quote(
            "Gray (canary) releases on Kubernetes: deploy, shift traffic, promote, roll back; the release state lives in the cluster."));
        AppendAuthorAndBranding(yaml);
        yaml.AppendLine("inputs:");
        AppendInput(yaml, "command", CommandDescription(steps), required: true, defaultValue: null);
        foreach (var name in steps.SelectMany(s => s.Inputs).Select(i => i.Name).Distinct())
        {
            // Defaults stay with the binary: one step's default must not become another step's value.
            var users = steps.Where(s => s.Inputs.Any(i => i.Name == name)).ToList();
            AppendInput(yaml, name, RootInputDescription(name, users), required: false, defaultValue: null);
        }
        yaml.AppendLine("outputs:");
        foreach (var name in steps.SelectMany(s => s.Outputs).Select(o => o.Name).Distinct())
        {
            var users = steps.Where(s => s.Outputs.Any(o => o.Name == name)).ToList();
            var descriptions = users.Select(s => s.Outputs.First(o => o.Name == name).Description).Distinct().ToList();
            AppendOutput(yaml, name, $"{string.Join(" / ", descriptions)} (set by: {string.Join(", ", users.Select(s => s.Name))})");
        }
        AppendRuns(yaml, release, step: null);
        return yaml.ToString();
    }

    public static string Step(StepDefinition step, ReleaseInfo release)
    {
        var yaml = new StringBuilder(Header);
        yaml.Append("name: ").AppendLine(YamlText.Quote($"Graylane {step.Name}"));
        yaml.Append("description: ").AppendLine(YamlText.Quote(step.Description));
        AppendAuthorAndBranding(yaml);
        yaml.AppendLine("inputs:");
        foreach (var input in step.Inputs)
            AppendInput(yaml, input.Name, input.Description, input.Required, input.Default);
        if (step.Outputs.Count > 0)
        {
            yaml.AppendLine("outputs:");
            foreach (var (name, description) in step.Outputs)
                AppendOutput(yaml, name, description);
        }
        AppendRuns(yaml, release, step.Name);
        return yaml.ToString();
    }

    public static string CommandDescription(IReadOnlyList<StepDefinition> steps) =>
        $"The step to run: {string.Join(", ", steps.Select(s => s.Name))}. " +
        "actions/<step>/action.yml and `graylane <step> --help` describe each; the inputs below say which steps read them.";

    /// <summary>Each step's own description of the input, labelled with the step when they differ.</summary>
    public static string RootInputDescription(string name, IReadOnlyList<StepDefinition> users)
    {
        var described = users.Select(s => (Step: s.Name, s.Inputs.First(i => i.Name == name).Description)).ToList();
        var text = described.Select(d => d.Description).Distinct().Count() == 1
            ? described[0].Description
            : string.Join(" ", described.Select(d => $"[{d.Step}] {d.Description}"));
        return $"{text} (used by: {string.Join(", ", users.Select(s => s.Name))})";
    }

    internal static void AppendAuthorAndBranding(StringBuilder yaml)
    {
        yaml.Append("author: ").AppendLine(YamlText.Quote("Graylane"));
        yaml.AppendLine("branding:");
        yaml.Append("  icon: ").AppendLine(YamlText.Quote("git-branch"));
        yaml.Append("  color: ").AppendLine(YamlText.Quote("gray-dark"));
    }

    internal static void AppendInput(StringBuilder yaml, string name, string description, bool required, string? defaultValue)
    {
        yaml.Append("  ").Append(name).AppendLine(":");
        yaml.Append("    description: ").AppendLine(YamlText.Quote(description));
        yaml.Append("    required: ").AppendLine(required ? "true" : "false");
        if (defaultValue is not null)
            yaml.Append("    default: ").AppendLine(YamlText.Quote(defaultValue));
    }

    internal static void AppendOutput(StringBuilder yaml, string name, string description)
    {
        yaml.Append("  ").Append(name).AppendLine(":");
        yaml.Append("    description: ").AppendLine(YamlText.Quote(description));
    }

    private static void AppendRuns(StringBuilder yaml, ReleaseInfo release, string? step)
    {
        yaml.AppendLine("runs:");
        yaml.AppendLine("  using: \"docker\"");
        yaml.Append("  image: ").AppendLine(YamlText.Quote(release.ActionImage));
        // The root action passes no argument: the binary takes the step from INPUT_COMMAND.
        if (step is not null)
            yaml.Append("  args: [").Append(YamlText.Quote(step)).AppendLine("]");
    }
}
