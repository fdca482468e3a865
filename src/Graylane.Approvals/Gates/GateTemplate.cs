using System.Globalization;
using Graylane.Core.Validation;

namespace Graylane.Approvals.Gates;

/// <summary>
/// A ready-made gate (--gate success-rate:min=0.99, --gate latency-p99:max=500ms): parsed and checked before anything is
/// read, expanded into a PromQL gate for the release's router once the release is known (<see cref="GateTemplates"/>).
/// </summary>
public sealed record GateTemplate(string Template, double? Min, double? Max)
{
    public const string SuccessRate = "success-rate";
    public const string LatencyP99 = "latency-p99";
    public static readonly IReadOnlyList<string> Known = [SuccessRate, LatencyP99];

    /// <summary>True for "name:..." and a bare known template name; the other gate forms contain '=' before any ':'.</summary>
    public static bool Looks(string text)
    {
        var colon = text.IndexOf(':');
        var eq = text.IndexOf('=');
        return colon > 0 && (eq < 0 || colon < eq);
    }

    public static GateTemplate Parse(string text)
    {
        var colon = text.IndexOf(':');
        var name = text[..colon].Trim().ToLowerInvariant();
        if (!Known.Contains(name))
            throw new InvalidInputException(GateSpec.Input,
                $"--gate \"{KubeNames.Printable(text)}\": unknown template \"{KubeNames.Printable(name)}\"; templates: {SuccessRate}:min=<ratio, e.g. 0.99>, {LatencyP99}:max=<duration, e.g. 500ms>; " +
                "or write the query yourself: name=...;query=<PromQL>;min=...");
        double? min = null, max = null;
        foreach (var part in text[(colon + 1)..].Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = part.IndexOf('=');
            var key = eq < 0 ? part.ToLowerInvariant() : part[..eq].Trim().ToLowerInvariant();
            var value = eq < 0 ? "" : part[(eq + 1)..].Trim();
            switch (key)
            {
                case "min": min = Threshold(text, name, key, value); break;
                case "max": max = Threshold(text, name, key, value); break;
                default:
                    throw new InvalidInputException(GateSpec.Input,
                        $"--gate \"{KubeNames.Printable(text)}\": unknown part \"{KubeNames.Printable(key)}\"; a template takes min=... and/or max=..., e.g. {Example(name)}");
            }
        }
        if (min is null && max is null)
            throw new InvalidInputException(GateSpec.Input, $"--gate \"{KubeNames.Printable(text)}\" needs a threshold, e.g. {Example(name)}");
        if (min > max)
            throw new InvalidInputException(GateSpec.Input, $"--gate \"{KubeNames.Printable(text)}\": min is above max, so no value could pass");
        return new GateTemplate(name, min, max);
    }

    private static string Example(string template) => template == SuccessRate ? $"{SuccessRate}:min=0.99" : $"{LatencyP99}:max=500ms";

    /// <summary>A success rate is a ratio (0.99, or 99%); a latency a duration in ms (500ms, 0.5s, or plain milliseconds).</summary>
    private static double Threshold(string text, string template, string key, string value)
    {
        var v = value.Trim().ToLowerInvariant();
        double scale = 1;
        if (template == SuccessRate && v.EndsWith('%')) { v = v[..^1]; scale = 0.01; }
        else if (template == LatencyP99 && v.EndsWith("ms", StringComparison.Ordinal)) v = v[..^2];
        else if (template == LatencyP99 && v.EndsWith('s')) { v = v[..^1]; scale = 1000; }
        if (double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d) && d >= 0)
        {
            var result = d * scale;
            if (template == SuccessRate && result > 1)
                throw new InvalidInputException(GateSpec.Input,
                    $"--gate \"{KubeNames.Printable(text)}\": {key}={KubeNames.Printable(value)} is above 1; a success rate is a ratio from 0 to 1 (0.99) or a percentage (99%)");
            return result;
        }
        throw new InvalidInputException(GateSpec.Input, $"--gate \"{KubeNames.Printable(text)}\": {key}=\"{KubeNames.Printable(value)}\" is not " +
            (template == SuccessRate ? "a ratio (e.g. 0.99 or 99%)" : "a duration (e.g. 500ms or 0.5s)"));
    }
}
