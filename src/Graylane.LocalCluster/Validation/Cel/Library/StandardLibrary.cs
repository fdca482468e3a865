using System.Globalization;
using System.Text;
using Graylane.LocalCluster.Validation.Cel.Runtime;

namespace Graylane.LocalCluster.Validation.Cel.Library;

/// <summary>CEL's standard definitions: operators, size, string tests, conversions, duration and timestamp.</summary>
internal static class StandardLibrary
{
    public static void Register(CelFunctionTable t)
    {
        t.Global("_==_", 2, a => CelValues.Equal(a[0], a[1]));
        t.Global("_!=_", 2, a => !CelValues.Equal(a[0], a[1]));
        foreach (var (op, test) in new (string, Func<int, bool>)[]
                 { ("_<_", c => c < 0), ("_<=_", c => c <= 0), ("_>_", c => c > 0), ("_>=_", c => c >= 0) })
        {
            t.Global(op, 2, a =>
            {
                try { return test(CelValues.Compare(a[0], a[1], op)); }
                catch (CelValues.NaNComparison) { return false; }
            });
        }
        t.Global("_+_", 2, a => Add(a[0], a[1]));
        t.Global("_-_", 2, a => Subtract(a[0], a[1]));
        t.Global("_*_", 2, a => Multiply(a[0], a[1]));
        t.Global("_/_", 2, a => Divide(a[0], a[1]));
        t.Global("_%_", 2, a => Modulo(a[0], a[1]));
        t.Global("-_", 1, a => a[0] switch
        {
            long l => l == long.MinValue ? throw Overflow() : -l,
            double d => -d,
            TimeSpan d => -d,
            _ => CelFunctionTable.NoOverload("-_", a),
        });
        t.Global("!_", 1, a => a[0] is bool b ? !b : CelFunctionTable.NoOverload("!_", a));
        t.Global("@in", 2, a => a[1] switch
        {
            IReadOnlyList<object?> list => list.Any(x => CelValues.Equal(x, a[0])),
            ICelMap map => map.TryGetValue(a[0], out _),
            _ => CelFunctionTable.NoOverload("@in", a),
        });

        t.Both("size", 1, a => a[0] switch
        {
            string s => (long)CodePoints(s),
            byte[] b => (long)b.Length,
            IReadOnlyList<object?> l => (long)l.Count,
            ICelMap m => (long)m.Count,
            _ => CelFunctionTable.NoOverload("size", a),
        });
        t.Member("contains", 1, a => Str(a, 0, "contains").Contains(Str(a, 1, "contains"), StringComparison.Ordinal));
        t.Member("startsWith", 1, a => Str(a, 0, "startsWith").StartsWith(Str(a, 1, "startsWith"), StringComparison.Ordinal));
        t.Member("endsWith", 1, a => Str(a, 0, "endsWith").EndsWith(Str(a, 1, "endsWith"), StringComparison.Ordinal));
        t.Both("matches", 2, a => Re2Regex.IsMatch(Str(a, 0, "matches"), Str(a, 1, "matches")));

        t.Global("int", 1, a => ToInt(a[0]));
        t.Global("uint", 1, a => ToUint(a[0]));
        t.Global("double", 1, a => ToDouble(a[0]));
        t.Global("string", 1, a => ToStringValue(a[0]));
        t.Global("bool", 1, a => ToBool(a[0]));
        t.Global("bytes", 1, a => a[0] switch
        {
            string s => Encoding.UTF8.GetBytes(s),
            byte[] b => b,
            _ => CelFunctionTable.NoOverload("bytes", a),
        });
        t.Global("dyn", 1, a => a[0]);
        t.Global("type", 1, a => CelType.Named.TryGetValue(CelValues.TypeName(a[0]), out var type) ? type : new CelType(CelValues.TypeName(a[0])));
        t.Global("duration", 1, a => a[0] switch
        {
            string s => Convert(() => GoDuration.Parse(s), "google.protobuf.Duration"),
            TimeSpan d => d,
            _ => CelFunctionTable.NoOverload("duration", a),
        });
        t.Global("timestamp", 1, a => a[0] switch
        {
            string s => Convert(() => ParseTimestamp(s), "google.protobuf.Timestamp"),
            DateTimeOffset ts => ts,
            _ => CelFunctionTable.NoOverload("timestamp", a),
        });
        RegisterTimeAccessors(t);
    }

    /// <summary>cel-go reports any failed conversion from a string the same way, without the parser's detail.</summary>
    private static object Convert(Func<object> parse, string type)
    {
        try { return parse(); }
        catch (CelError) { throw ConversionError(type); }
    }

    private static CelError ConversionError(string type) => new($"type conversion error from 'string' to '{type}'");

    internal static string Str(object?[] a, int i, string function) =>
        a[i] as string ?? throw CelError.NoSuchOverload(function, a);

    internal static long Int(object?[] a, int i, string function) =>
        a[i] is long l ? l : throw CelError.NoSuchOverload(function, a);

    public static int CodePoints(string s)
    {
        var n = 0;
        foreach (var _ in s.EnumerateRunes()) n++;
        return n;
    }

    private static CelError Overflow() => new("integer overflow");

    private static object? Add(object? x, object? y)
    {
        try
        {
            return (x, y) switch
            {
                (long a, long b) => (object)checked(a + b),
                (ulong a, ulong b) => (object)checked(a + b),
                (double a, double b) => (object)(a + b),
                (string a, string b) => a + b,
                (byte[] a, byte[] b) => a.Concat(b).ToArray(),
                (IReadOnlyList<object?> a, IReadOnlyList<object?> b) => a.Concat(b).ToList(),
                (TimeSpan a, TimeSpan b) => a + b,
                (DateTimeOffset a, TimeSpan b) => a + b,
                (TimeSpan a, DateTimeOffset b) => b + a,
                _ => throw CelError.NoSuchOverload("_+_", x, y),
            };
        }
        catch (OverflowException) { throw Overflow(); }
        catch (ArgumentOutOfRangeException) { throw new CelError("timestamp out of range"); }
    }

    private static object? Subtract(object? x, object? y)
    {
        try
        {
            return (x, y) switch
            {
                (long a, long b) => (object)checked(a - b),
                (ulong a, ulong b) => (object)checked(a - b),
                (double a, double b) => (object)(a - b),
                (TimeSpan a, TimeSpan b) => a - b,
                (DateTimeOffset a, TimeSpan b) => a - b,
                (DateTimeOffset a, DateTimeOffset b) => a - b,
                _ => throw CelError.NoSuchOverload("_-_", x, y),
            };
        }
        catch (OverflowException) { throw Overflow(); }
        catch (ArgumentOutOfRangeException) { throw new CelError("timestamp out of range"); }
    }

    private static object? Multiply(object? x, object? y)
    {
        try
        {
            return (x, y) switch
            {
                // Arms cast to object: otherwise C# picks double as the switch's type and ints come back as doubles.
                (long a, long b) => (object)checked(a * b),
                (ulong a, ulong b) => (object)checked(a * b),
                (double a, double b) => (object)(a * b),
                _ => throw CelError.NoSuchOverload("_*_", x, y),
            };
        }
        catch (OverflowException) { throw Overflow(); }
    }

    private static object? Divide(object? x, object? y) => (x, y) switch
    {
        (long, 0L) or (ulong, 0UL) => throw new CelError("division by zero"),
        (long a, long b) => a == long.MinValue && b == -1 ? throw Overflow() : (object)(a / b),
        (ulong a, ulong b) => (object)(a / b),
        (double a, double b) => (object)(a / b),
        _ => throw CelError.NoSuchOverload("_/_", x, y),
    };

    private static object? Modulo(object? x, object? y) => (x, y) switch
    {
        (long, 0L) or (ulong, 0UL) => throw new CelError("modulus by zero"),
        (long a, long b) => b == -1 ? 0L : (object)(a % b),
        (ulong a, ulong b) => (object)(a % b),
        _ => throw CelError.NoSuchOverload("_%_", x, y),
    };

    private static object ToInt(object? v) => v switch
    {
        long l => l,
        ulong u => u <= long.MaxValue ? (long)u : throw new CelError("integer overflow"),
        double d => double.IsFinite(d) && d > -9.223372036854775808e18 && d < 9.223372036854775807e18
            ? (long)Math.Truncate(d) : throw new CelError("integer overflow"),
        string s => long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)
            ? l : throw ConversionError("int"),
        DateTimeOffset ts => ts.ToUnixTimeSeconds(),
        bool b => b ? 1L : 0L,
        _ => throw CelError.NoSuchOverload("int", v),
    };

    private static object ToUint(object? v) => v switch
    {
        ulong u => u,
        long l => l >= 0 ? (ulong)l : throw new CelError("unsigned integer overflow"),
        double d => double.IsFinite(d) && d > -1 && d < 1.8446744073709552e19 ? (ulong)Math.Truncate(d) : throw new CelError("unsigned integer overflow"),
        string s => ulong.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var u)
            ? u : throw ConversionError("uint"),
        _ => throw CelError.NoSuchOverload("uint", v),
    };

    private static object ToDouble(object? v) => v switch
    {
        double d => d,
        long l => (double)l,
        ulong u => (double)u,
        string s => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
            ? d : s switch { "NaN" => double.NaN, "Infinity" or "+Infinity" => double.PositiveInfinity, "-Infinity" => double.NegativeInfinity, _ => throw ConversionError("double") },
        _ => throw CelError.NoSuchOverload("double", v),
    };

    internal static string ToStringValue(object? v) => v switch
    {
        string s => s,
        long l => l.ToString(CultureInfo.InvariantCulture),
        ulong u => u.ToString(CultureInfo.InvariantCulture),
        double d => FormatDouble(d),
        bool b => b ? "true" : "false",
        byte[] bytes => Utf8(bytes),
        TimeSpan d => GoDuration.Format(d),
        DateTimeOffset ts => FormatTimestamp(ts),
        ICelStringable s => s.ToCelString(),
        _ => throw CelError.NoSuchOverload("string", v),
    };

    /// <summary>Go's strconv.FormatFloat(d, 'g', -1, 64) for the common cases: shortest round-trip, exponent past 1e21.</summary>
    private static string FormatDouble(double d)
    {
        if (double.IsNaN(d)) return "NaN";
        if (double.IsPositiveInfinity(d)) return "+Inf";
        if (double.IsNegativeInfinity(d)) return "-Inf";
        var exp = d == 0 ? 0 : (int)Math.Floor(Math.Log10(Math.Abs(d)));
        if (exp < -4 || exp >= 21)
            return d.ToString("0.################e+00", CultureInfo.InvariantCulture).Replace("e+0", "e+").Replace("e-0", "e-");
        return d.ToString("R", CultureInfo.InvariantCulture);
    }

    private static string Utf8(byte[] bytes)
    {
        try { return new UTF8Encoding(false, true).GetString(bytes); }
        catch (DecoderFallbackException) { throw new CelError("invalid UTF-8 in bytes, cannot convert to string"); }
    }

    private static object ToBool(object? v) => v switch
    {
        bool b => b,
        string s => s switch
        {
            "1" or "t" or "true" or "TRUE" or "True" => true,
            "0" or "f" or "false" or "FALSE" or "False" => false,
            _ => throw ConversionError("bool"),
        },
        _ => throw CelError.NoSuchOverload("bool", v),
    };

    private static DateTimeOffset ParseTimestamp(string s)
    {
        if (!DateTimeOffset.TryParseExact(s, ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"],
                CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var ts) || !s.Contains('T') ||
            !(s.EndsWith('Z') || s.EndsWith("z") || s.Length > 6 && s[^6] is '+' or '-'))
            throw new CelError($"timestamp parsing error: \"{s}\" is not RFC 3339");
        return ts.ToUniversalTime();
    }

    private static string FormatTimestamp(DateTimeOffset ts) =>
        ts.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture).TrimEnd('.') + "Z";

    private static void RegisterTimeAccessors(CelFunctionTable t)
    {
        t.Member("getHours", 0, a => a[0] switch
        {
            TimeSpan d => (long)d.TotalHours,
            DateTimeOffset ts => (long)ts.UtcDateTime.Hour,
            _ => CelFunctionTable.NoOverload("getHours", a),
        });
        t.Member("getMinutes", 0, a => a[0] switch
        {
            TimeSpan d => (long)d.TotalMinutes,
            DateTimeOffset ts => (long)ts.UtcDateTime.Minute,
            _ => CelFunctionTable.NoOverload("getMinutes", a),
        });
        t.Member("getSeconds", 0, a => a[0] switch
        {
            TimeSpan d => (long)d.TotalSeconds,
            DateTimeOffset ts => (long)ts.UtcDateTime.Second,
            _ => CelFunctionTable.NoOverload("getSeconds", a),
        });
        t.Member("getMilliseconds", 0, a => a[0] switch
        {
            TimeSpan d => (long)d.Milliseconds,
            DateTimeOffset ts => (long)ts.UtcDateTime.Millisecond,
            _ => CelFunctionTable.NoOverload("getMilliseconds", a),
        });
        foreach (var (name, get) in new (string, Func<DateTime, long>)[]
                 {
                     ("getFullYear", d => d.Year), ("getMonth", d => d.Month - 1), ("getDate", d => d.Day),
                     ("getDayOfMonth", d => d.Day - 1), ("getDayOfWeek", d => (long)d.DayOfWeek), ("getDayOfYear", d => d.DayOfYear - 1),
                 })
        {
            t.Member(name, 0, a => a[0] is DateTimeOffset ts ? get(ts.UtcDateTime) : CelFunctionTable.NoOverload(name, a));
            t.Member(name, 1, a => a[0] is DateTimeOffset ts && a[1] is string tz ? get(InZone(ts, tz)) : CelFunctionTable.NoOverload(name, a));
        }
    }

    private static DateTime InZone(DateTimeOffset ts, string tz)
    {
        if (TimeSpan.TryParseExact(tz.TrimStart('+'), @"hh\:mm", CultureInfo.InvariantCulture, out var offset))
            return ts.UtcDateTime + (tz.StartsWith('-') ? -offset : offset);
        try { return TimeZoneInfo.ConvertTimeBySystemTimeZoneId(ts, tz).DateTime; }
        catch (TimeZoneNotFoundException) { throw new CelError($"unknown time zone {tz}"); }
    }
}

/// <summary>A library type that string() accepts (ip, cidr).</summary>
internal interface ICelStringable
{
    string ToCelString();
}
