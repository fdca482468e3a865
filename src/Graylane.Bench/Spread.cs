using System.Globalization;

namespace Graylane.Bench;

/// <summary>Min, median and max of repeated values.</summary>
public sealed record Spread(double Min, double Median, double Max)
{
    public static Spread Of(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0) throw new ArgumentException("no values");
        var mid = sorted.Length / 2;
        var median = sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
        return new Spread(sorted[0], median, sorted[^1]);
    }

    /// <summary>"12 / 14 / 20", or one number when all runs agree.</summary>
    public string Format(string unit = "") => Min == Max
        ? N(Min) + unit
        : $"{N(Min)} / {N(Median)} / {N(Max)}{unit}";

    private static string N(double v) => v >= 100 || v == Math.Round(v)
        ? Math.Round(v).ToString("N0", CultureInfo.InvariantCulture)
        : v.ToString("0.#", CultureInfo.InvariantCulture);
}
