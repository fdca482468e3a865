using System.Text;
using Graylane.Core.Hosting;

namespace Graylane.Cli.Hosts;

/// <summary>Usage text for one step command, built from the same input list the parser uses.</summary>
public static class HelpText
{
    public static string Render(string command, string description, IReadOnlyList<StepInput> inputs)
    {
        var rows = new List<(string Left, string Right)>();
        foreach (var input in inputs)
        {
            var left = "--" + input.Name + (input.IsSwitch ? "" : " <value>");
            var notes = new List<string>();
            if (input.Required)
                notes.Add("required");
            if (input.Default is not null)
                notes.Add($"default: {input.Default}");
            if (input.Repeatable)
                notes.Add("repeatable");
            if (input.Secret)
                notes.Add("secret");
            if (input.Aliases is { Count: > 0 } aliases)
                notes.Add("alias: " + string.Join(", ", aliases.Select(a => "--" + a)));
            var right = notes.Count == 0 ? input.Description : $"{input.Description} ({string.Join("; ", notes)})";
            rows.Add((left, right));
        }
        rows.Add(("-h, --help", "Show this help"));

        var width = rows.Max(r => r.Left.Length) + 2;
        var text = new StringBuilder();
        text.Append("Usage: graylane ").Append(command).Append(" [flags]\n\n");
        if (description.Length > 0)
            text.Append(description).Append("\n\n");
        text.Append("Flags:\n");
        foreach (var (left, right) in rows)
            text.Append("  ").Append(left.PadRight(width)).Append(right).Append('\n');
        text.Append("\nIn GitHub Actions give the same names under with:, in Azure Pipelines as camelCase task inputs.\n");
        return text.ToString();
    }
}
