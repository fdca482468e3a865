using System.Globalization;
using System.Text.RegularExpressions;
using Graylane.Core.Validation;

namespace Graylane.Approvals.Gates;

/// <summary>
/// One --gate: name=...;query=...;min=...;max=... . The query is PromQL with $namespace, $service, $app,
/// $version and $baseline_version filled in; the gate passes while min &lt;= value &lt;= max.
/// </summary>
public sealed partial record GateSpec(string Name, string Query, double? Min, double? Max)
{
    public const string Input = "gate";
    public static readonly IReadOnlyList<string> Variables = ["namespace", "service", "app", "version", "baseline_version"];

    [GeneratedRegex("\\$([A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex Variable();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}\\z")]
    private static partial Regex NamePattern();

    public static GateSpec Parse(string text)
    {
        string? name = null, query = null;
        double? min = null, max = null;
        foreach (var part in text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = part.IndexOf('=');
            var key = eq < 0 ? part : part[..eq].Trim().ToLowerInvariant();
            var value = eq < 0 ? "" : part[(eq + 1)..].Trim();
            switch (key)
            {
                case "name": name = value; break;
                case "query": query = value; break;
                case "min": min = Threshold(text, "min", value); break;
                case "max": max = Threshold(text, "max", value); break;
                default:
                    throw new InvalidInputException(Input,
                        $"--gate \"{KubeNames.Printable(text)}\": unknown part \"{KubeNames.Printable(key)}\"; a gate is name=...;query=...;min=... and/or max=...");
            }
        }
        if (name is null || !NamePattern().IsMatch(name))
            throw new InvalidInputException(Input, $"--gate \"{KubeNames.Printable(text)}\" needs name=<letters, digits, '-', '_' or '.'>, e.g. name=success-rate");
        if (string.IsNullOrWhiteSpace(query))
            throw new InvalidInputException(Input, $"--gate {name} needs query=<PromQL>");
        if (min is null && max is null)
            throw new InvalidInputException(Input, $"--gate {name} needs a threshold: min=<number> (e.g. a success rate of at least 0.99) and/or max=<number> (e.g. a latency of at most 0.5)");
        if (min > max)
            throw new InvalidInputException(Input, $"--gate {name}: min {min} is above max {max}, so no value could pass");
        foreach (Match m in Variable().Matches(query))
            if (!Variables.Contains(m.Groups[1].Value))
                throw new InvalidInputException(Input,
                    $"--gate {name}: unknown variable ${m.Groups[1].Value} in the query; known: {string.Join(", ", Variables.Select(v => "$" + v))}");
        return new GateSpec(name, query, min, max);
    }

    /// <summary>The query with the release's values filled in; longest names first so $version never eats part of another.</summary>
    public string Render(IReadOnlyDictionary<string, string> values) =>
        Variable().Replace(Query, m => values.TryGetValue(m.Groups[1].Value, out var v) ? v : m.Value);

    public (bool Passed, string Message) Check(double value)
    {
        var shown = Format(value);
        if (double.IsNaN(value)) return (false, "NaN (no traffic to compute it from?)");
        if (Min is { } lo && value < lo) return (false, $"{shown} < min {Format(lo)}");
        if (Max is { } hi && value > hi) return (false, $"{shown} > max {Format(hi)}");
        var bounds = string.Join(", ", new[] { Min is { } a ? $">= min {Format(a)}" : null, Max is { } b ? $"<= max {Format(b)}" : null }.OfType<string>());
        return (true, $"{shown} {bounds}");
    }

    public string Thresholds => string.Join(", ", new[] { Min is { } a ? $"min {Format(a)}" : null, Max is { } b ? $"max {Format(b)}" : null }.OfType<string>());

    public static string Format(double v) => v.ToString("0.####", CultureInfo.InvariantCulture);

    private static double Threshold(string text, string key, string value)
    {
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d)) return d;
        throw new InvalidInputException(Input,
            $"--gate \"{KubeNames.Printable(text)}\": {key}=\"{KubeNames.Printable(value)}\" is not a number; write it with a dot, e.g. {key}=0.99");
    }
}
