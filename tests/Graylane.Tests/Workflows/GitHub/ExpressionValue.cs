using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Graylane.Tests.Workflows.GitHub;

/// <summary>
/// A value of a GitHub Actions expression: null, bool, number, string, or an object or array (the event payload, an
/// object filter's result), with the runner's coercions (docs "Evaluate expressions": '' / 0 / null are false;
/// == compares strings ignoring case, otherwise as numbers; objects and arrays are true and print as JSON).
/// </summary>
public readonly record struct ExpressionValue(object? Raw)
{
    public static readonly ExpressionValue Null = new(null);
    public static ExpressionValue Of(string? s) => new(s);
    public static ExpressionValue Of(bool b) => new(b);

    /// <summary>A JSON value as the expression language sees it: objects and arrays stay nodes, leaves become scalars.</summary>
    public static ExpressionValue Of(JsonNode? node) => node switch
    {
        null => Null,
        JsonObject or JsonArray => new ExpressionValue(node),
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => Of(v.GetValue<string>()),
            JsonValueKind.Number => new ExpressionValue(double.Parse(v.ToJsonString(), CultureInfo.InvariantCulture)),
            JsonValueKind.True => Of(true),
            JsonValueKind.False => Of(false),
            _ => Null,
        },
        _ => Null,
    };

    public bool IsTruthy => Raw switch
    {
        null => false,
        bool b => b,
        double d => d != 0 && !double.IsNaN(d),
        string s => s.Length > 0,
        _ => true,
    };

    /// <summary>What `${{ }}` interpolation writes: null → '', true → 'true', numbers invariant.</summary>
    public string AsString() => Raw switch
    {
        null => "",
        bool b => b ? "true" : "false",
        double d => d.ToString(CultureInfo.InvariantCulture),
        string s => s,
        JsonNode n => n.ToJsonString(new JsonSerializerOptions { WriteIndented = true }),
        _ => Raw.ToString() ?? "",
    };

    private double AsNumber() => Raw switch
    {
        null => 0,
        bool b => b ? 1 : 0,
        double d => d,
        string s when s.Trim().Length == 0 => 0,
        string s => double.TryParse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : double.NaN,
        _ => double.NaN,
    };

    public bool LooseEquals(ExpressionValue other)
    {
        if (Raw is string a && other.Raw is string b)
            return string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
        if (Raw is null && other.Raw is null)
            return true;
        return AsNumber() == other.AsNumber();
    }

    public int CompareNumbers(ExpressionValue other) => AsNumber().CompareTo(other.AsNumber());
}
