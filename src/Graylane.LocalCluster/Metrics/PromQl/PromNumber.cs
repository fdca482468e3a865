using System.Globalization;

namespace Graylane.LocalCluster.Metrics.PromQl;

/// <summary>A sample value as Prometheus writes it (Go's FormatFloat 'f', -1): shortest round-trip digits, never an exponent; NaN, +Inf, -Inf.</summary>
internal static class PromNumber
{
    public static string Format(double v)
    {
        if (double.IsNaN(v)) return "NaN";
        if (double.IsPositiveInfinity(v)) return "+Inf";
        if (double.IsNegativeInfinity(v)) return "-Inf";
        var r = v.ToString("R", CultureInfo.InvariantCulture);
        var e = r.IndexOfAny(['E', 'e']);
        if (e < 0) return r;
        // Move the decimal point of the mantissa by the exponent.
        var exponent = int.Parse(r[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var mantissa = r[..e];
        var negative = mantissa.StartsWith('-');
        if (negative) mantissa = mantissa[1..];
        var dot = mantissa.IndexOf('.');
        var digits = dot < 0 ? mantissa : mantissa.Remove(dot, 1);
        var point = (dot < 0 ? mantissa.Length : dot) + exponent;
        string text;
        if (point <= 0) text = "0." + new string('0', -point) + digits;
        else if (point >= digits.Length) text = digits + new string('0', point - digits.Length);
        else text = digits[..point] + "." + digits[point..];
        return negative ? "-" + text : text;
    }
}
