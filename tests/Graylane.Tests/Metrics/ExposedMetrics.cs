using System.Globalization;
using System.Text.RegularExpressions;

namespace Graylane.Tests.Metrics;

/// <summary>A scrape of /graylane/metrics read back: samples by name and labels, summed over the series a filter matches.</summary>
public sealed partial class ExposedMetrics(string text)
{
    [GeneratedRegex("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)\\})? (\\S+)$")]
    private static partial Regex Sample();

    [GeneratedRegex("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"")]
    private static partial Regex Label();

    public string Text { get; } = text;

    public IEnumerable<(string Name, Dictionary<string, string> Labels, double Value)> Samples =>
        Text.Split('\n').Where(l => l.Length > 0 && l[0] != '#').Select(l =>
        {
            var m = Sample().Match(l);
            if (!m.Success) throw new FormatException($"not a sample line: {l}");
            var labels = Label().Matches(m.Groups[2].Value).ToDictionary(x => x.Groups[1].Value, x => Regex.Unescape(x.Groups[2].Value));
            return (m.Groups[1].Value, labels, double.Parse(m.Groups[3].Value.Replace("+Inf", "Infinity"), CultureInfo.InvariantCulture));
        });

    /// <summary>The sum over the series of the name whose labels include every pair given.</summary>
    public double Sum(string name, params (string Key, string Value)[] where) =>
        Samples.Where(s => s.Name == name && where.All(w => s.Labels.GetValueOrDefault(w.Key) == w.Value)).Sum(s => s.Value);

    public IEnumerable<Dictionary<string, string>> Series(string name, params (string Key, string Value)[] where) =>
        Samples.Where(s => s.Name == name && where.All(w => s.Labels.GetValueOrDefault(w.Key) == w.Value)).Select(s => s.Labels);
}
