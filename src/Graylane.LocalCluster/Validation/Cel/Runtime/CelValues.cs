using System.Globalization;

namespace Graylane.LocalCluster.Validation.Cel.Runtime;

/// <summary>
/// What a runtime value is in CEL terms, and CEL equality and ordering. Values: null, bool, long (int),
/// ulong (uint), double, string, byte[] (bytes), TimeSpan (duration), DateTimeOffset (timestamp),
/// IReadOnlyList (list), ICelMap (map or object), CelOptional, CelType and the Kubernetes library types.
/// </summary>
internal static class CelValues
{
    public static string TypeName(object? v) => v switch
    {
        null => "null_type",
        bool => "bool",
        long => "int",
        ulong => "uint",
        double => "double",
        string => "string",
        byte[] => "bytes",
        TimeSpan => "google.protobuf.Duration",
        DateTimeOffset => "google.protobuf.Timestamp",
        IReadOnlyList<object?> => "list",
        ICelMap => "map",
        CelOptional => "optional_type",
        CelType => "type",
        ICelNamedValue n => n.CelTypeName,
        _ => v.GetType().Name,
    };

    /// <summary>Heterogeneous equality (cel-spec): numbers compare by value across int, uint and double; other kinds never equal.</summary>
    public static bool Equal(object? a, object? b)
    {
        switch (a, b)
        {
            case (null, null): return true;
            case (null, _) or (_, null): return false;
            case (long x, long y): return x == y;
            case (ulong x, ulong y): return x == y;
            case (double x, double y): return x == y;
            case (long x, ulong y): return x >= 0 && (ulong)x == y;
            case (ulong x, long y): return y >= 0 && x == (ulong)y;
            case (long x, double y): return x == y;
            case (double x, long y): return x == y;
            case (ulong x, double y): return x == y;
            case (double x, ulong y): return x == y;
            case (string x, string y): return string.Equals(x, y, StringComparison.Ordinal);
            case (byte[] x, byte[] y): return x.AsSpan().SequenceEqual(y);
            case (IReadOnlyList<object?> x, IReadOnlyList<object?> y):
                if (x.Count != y.Count) return false;
                for (var i = 0; i < x.Count; i++) if (!Equal(x[i], y[i])) return false;
                return true;
            case (ICelMap x, ICelMap y):
                if (x.Count != y.Count) return false;
                foreach (var k in x.Keys)
                {
                    if (!y.TryGetValue(k, out var yv) || !x.TryGetValue(k, out var xv) || !Equal(xv, yv)) return false;
                }
                return true;
            case (CelOptional x, CelOptional y):
                return x.HasValue == y.HasValue && (!x.HasValue || Equal(x.Value, y.Value));
            default:
                return a.GetType() == b.GetType() && a.Equals(b);
        }
    }

    /// <summary>Ordering for &lt; &lt;= &gt; &gt;=: numbers across kinds, strings, bools, bytes, durations, timestamps.</summary>
    public static int Compare(object? a, object? b, string op)
    {
        switch (a, b)
        {
            case (long x, long y): return x.CompareTo(y);
            case (ulong x, ulong y): return x.CompareTo(y);
            case (double x, double y): return CompareDouble(x, y, op, a, b);
            case (long x, ulong y): return x < 0 ? -1 : ((ulong)x).CompareTo(y);
            case (ulong x, long y): return y < 0 ? 1 : x.CompareTo((ulong)y);
            case (long x, double y): return CompareDouble(x, y, op, a, b);
            case (double x, long y): return CompareDouble(x, y, op, a, b);
            case (ulong x, double y): return CompareDouble(x, y, op, a, b);
            case (double x, ulong y): return CompareDouble(x, y, op, a, b);
            case (string x, string y): return CompareCodePoints(x, y);
            case (bool x, bool y): return x.CompareTo(y);
            case (byte[] x, byte[] y): return x.AsSpan().SequenceCompareTo(y);
            case (TimeSpan x, TimeSpan y): return x.CompareTo(y);
            case (DateTimeOffset x, DateTimeOffset y): return x.CompareTo(y);
            default: throw CelError.NoSuchOverload(op, a, b);
        }
    }

    private static int CompareDouble(double x, double y, string op, object? a, object? b)
    {
        if (double.IsNaN(x) || double.IsNaN(y)) throw new NaNComparison();
        return x.CompareTo(y);
    }

    /// <summary>Thrown for NaN operands: every ordering with NaN is false, which callers turn into false.</summary>
    internal sealed class NaNComparison : Exception;

    /// <summary>Go and CEL compare strings by code point (UTF-8 byte order), not UTF-16 unit.</summary>
    public static int CompareCodePoints(string x, string y)
    {
        var ex = x.EnumerateRunes();
        var ey = y.EnumerateRunes();
        while (true)
        {
            var hx = ex.MoveNext();
            var hy = ey.MoveNext();
            if (!hx || !hy) return hx ? 1 : hy ? -1 : 0;
            var c = ex.Current.Value.CompareTo(ey.Current.Value);
            if (c != 0) return c;
        }
    }

    public static bool AsBool(object? v, string context) =>
        v is bool b ? b : throw CelError.NoSuchOverload(context, v);

    /// <summary>How a value looks inside an error message.</summary>
    public static string Display(object? v) => v switch
    {
        null => "null",
        string s => s,
        bool b => b ? "true" : "false",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => v.ToString() ?? "",
    };
}

/// <summary>A value of a library type (URL, IP, CIDR, quantity, format) that knows its CEL type name.</summary>
internal interface ICelNamedValue
{
    string CelTypeName { get; }
}
