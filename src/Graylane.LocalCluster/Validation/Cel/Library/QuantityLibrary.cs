using System.Globalization;
using System.Text.RegularExpressions;
using Graylane.LocalCluster.Validation.Cel.Runtime;
using static Graylane.LocalCluster.Validation.Cel.Library.StandardLibrary;

namespace Graylane.LocalCluster.Validation.Cel.Library;

/// <summary>
/// Kubernetes' quantity library: quantity(s), isQuantity(s), sign, isInteger, asInteger, asApproximateFloat,
/// compareTo, isGreaterThan, isLessThan, add, sub. Values are exact decimals (up to about 7.9e28).
/// </summary>
internal static class QuantityLibrary
{
    public static void Register(CelFunctionTable t)
    {
        t.Global("isQuantity", 1, a => CelQuantity.TryParse(Str(a, 0, "isQuantity"), out _));
        t.Global("quantity", 1, a => CelQuantity.TryParse(Str(a, 0, "quantity"), out var q)
            ? q : throw new CelError("quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"));
        t.Member("sign", 0, a => (long)Math.Sign(Q(a, 0, "sign").Value));
        t.Member("isInteger", 0, a => Q(a, 0, "isInteger").Value == decimal.Truncate(Q(a, 0, "isInteger").Value));
        t.Member("asInteger", 0, a =>
        {
            var v = Q(a, 0, "asInteger").Value;
            if (v != decimal.Truncate(v) || v > long.MaxValue || v < long.MinValue)
                throw new CelError("cannot convert value to integer");
            return (long)v;
        });
        t.Member("asApproximateFloat", 0, a => (double)Q(a, 0, "asApproximateFloat").Value);
        t.Member("compareTo", 1, a => (long)Q(a, 0, "compareTo").Value.CompareTo(Q(a, 1, "compareTo").Value));
        t.Member("isGreaterThan", 1, a => Q(a, 0, "isGreaterThan").Value > Q(a, 1, "isGreaterThan").Value);
        t.Member("isLessThan", 1, a => Q(a, 0, "isLessThan").Value < Q(a, 1, "isLessThan").Value);
        t.Member("add", 1, a => new CelQuantity(Q(a, 0, "add").Value + Operand(a, "add")));
        t.Member("sub", 1, a => new CelQuantity(Q(a, 0, "sub").Value - Operand(a, "sub")));
    }

    private static CelQuantity Q(object?[] a, int i, string function) => a[i] as CelQuantity ?? throw CelError.NoSuchOverload(function, a);

    private static decimal Operand(object?[] a, string function) => a[1] switch
    {
        CelQuantity q => q.Value,
        long l => l,
        _ => throw CelError.NoSuchOverload(function, a),
    };
}

internal sealed class CelQuantity(decimal value) : ICelNamedValue
{
    private static readonly Regex Shape = new(@"^([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))(.*)$", RegexOptions.CultureInvariant);

    private static readonly Dictionary<string, decimal> Suffixes = new(StringComparer.Ordinal)
    {
        [""] = 1m, ["n"] = 1e-9m, ["u"] = 1e-6m, ["m"] = 1e-3m, ["k"] = 1e3m, ["M"] = 1e6m, ["G"] = 1e9m, ["T"] = 1e12m,
        ["P"] = 1e15m, ["E"] = 1e18m, ["Ki"] = 1024m, ["Mi"] = 1048576m, ["Gi"] = 1073741824m, ["Ti"] = 1099511627776m,
        ["Pi"] = 1125899906842624m, ["Ei"] = 1152921504606846976m,
    };

    public decimal Value { get; } = value;
    public string CelTypeName => "kubernetes.Quantity";

    public override bool Equals(object? obj) => obj is CelQuantity q && q.Value == Value;
    public override int GetHashCode() => Value.GetHashCode();

    public static bool TryParse(string s, out CelQuantity quantity)
    {
        quantity = null!;
        var m = Shape.Match(s);
        if (!m.Success) return false;
        var number = m.Groups[1].Value;
        var suffix = m.Groups[2].Value;
        decimal factor;
        if (Suffixes.TryGetValue(suffix, out var f)) factor = f;
        else if (suffix.Length > 1 && suffix[0] is 'e' or 'E' && int.TryParse(suffix[1..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var exp) &&
                 suffix[1..].TrimStart('+', '-').All(char.IsAsciiDigit) && Math.Abs(exp) <= 28)
            factor = exp >= 0 ? Pow10(exp) : 1m / Pow10(-exp);
        else return false;
        try
        {
            quantity = new CelQuantity(decimal.Parse(number, NumberStyles.Float, CultureInfo.InvariantCulture) * factor);
            return true;
        }
        catch (OverflowException) { return false; }
    }

    private static decimal Pow10(int n)
    {
        var r = 1m;
        for (var i = 0; i < n; i++) r *= 10;
        return r;
    }
}
