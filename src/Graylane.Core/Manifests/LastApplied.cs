using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Graylane.Core.Json;

namespace Graylane.Core.Manifests;

/// <summary>
/// The kubectl.kubernetes.io/last-applied-configuration annotation exactly as `kubectl apply -n &lt;ns&gt;` writes it: the
/// manifest with its namespace set and the annotation itself removed (an empty annotations map stays), as Go's
/// encoding/json writes it — keys sorted, compact, &lt; &gt; &amp; escaped, a trailing newline. Graylane writes it on
/// every object it applies, so a later `kubectl apply` of the same manifests finds nothing to change.
/// </summary>
public static class LastApplied
{
    public const string Annotation = "kubectl.kubernetes.io/last-applied-configuration";

    public static string Of(JsonObject manifest, string? ns)
    {
        var copy = Obj.Clone(manifest);
        var meta = Obj.Metadata(copy);
        if (ns is not null) meta["namespace"] = ns;
        Obj.Child(meta, "annotations").Remove(Annotation);
        var sb = new StringBuilder();
        Write(copy, sb);
        return sb.Append('\n').ToString();
    }

    /// <summary>The manifest as Graylane applies it: the manifest's own fields, its namespace and the annotation.</summary>
    public static JsonObject Annotated(JsonObject manifest, string? ns)
    {
        var copy = Obj.Clone(manifest);
        if (ns is not null) Obj.Metadata(copy)["namespace"] = ns;
        Obj.SetAnnotation(copy, Annotation, Of(manifest, ns));
        return copy;
    }

    private static void Write(JsonNode? node, StringBuilder sb)
    {
        switch (node)
        {
            case null:
                sb.Append("null");
                break;
            case JsonObject o:
                sb.Append('{');
                var first = true;
                foreach (var (k, v) in o.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                {
                    if (!first) sb.Append(',');
                    first = false;
                    String(k, sb);
                    sb.Append(':');
                    Write(v, sb);
                }
                sb.Append('}');
                break;
            case JsonArray a:
                sb.Append('[');
                for (var i = 0; i < a.Count; i++)
                {
                    if (i > 0) sb.Append(',');
                    Write(a[i], sb);
                }
                sb.Append(']');
                break;
            case JsonValue v:
                switch (v.GetValueKind())
                {
                    case JsonValueKind.String: String(v.GetValue<string>(), sb); break;
                    case JsonValueKind.Number: sb.Append(Number(v)); break;
                    default: sb.Append(v.ToJsonString()); break;
                }
                break;
        }
    }

    // Go writes float64 in 'f' form between 1e-6 and 1e21, else in 'e' form with a short exponent (1e+21, 1e-7).
    private static string Number(JsonValue v)
    {
        var raw = v.ToJsonString();
        if (raw.IndexOfAny(['.', 'e', 'E']) < 0) return raw;
        var d = double.Parse(raw, NumberStyles.Float, CultureInfo.InvariantCulture);
        var abs = Math.Abs(d);
        if (abs == 0 || (abs >= 1e-6 && abs < 1e21))
            return d == Math.Floor(d) && abs < 1e15 ? ((long)d).ToString(CultureInfo.InvariantCulture) : ((decimal)d).ToString(CultureInfo.InvariantCulture);
        var e = d.ToString("R", CultureInfo.InvariantCulture).Replace("E", "e", StringComparison.Ordinal);
        return e.Contains("e-0", StringComparison.Ordinal) || e.Contains("e+0", StringComparison.Ordinal) ? e.Replace("e-0", "e-").Replace("e+0", "e+") : e;
    }

    private static void String(string s, StringBuilder sb)
    {
        sb.Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '<' or '>' or '&' or '\u2028' or '\u2029':
                    sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    break;
                case < ' ':
                    sb.Append("\\u00").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
                    break;
                default: sb.Append(c); break;
            }
        }
        sb.Append('"');
    }
}
