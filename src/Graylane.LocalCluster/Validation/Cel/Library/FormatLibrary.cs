using System.Globalization;
using System.Text.RegularExpressions;
using Graylane.LocalCluster.Validation.Cel.Runtime;
using static Graylane.LocalCluster.Validation.Cel.Library.StandardLibrary;

namespace Graylane.LocalCluster.Validation.Cel.Library;

/// <summary>
/// Kubernetes' format library: <c>format.dns1123Label()</c> … and <c>format.named("…")</c> give a format whose
/// <c>validate(s)</c> is <c>optional.none()</c> for a valid string, else the list of apimachinery's messages.
/// </summary>
internal static partial class FormatLibrary
{
    private static readonly Dictionary<string, Func<string, IEnumerable<string>>> Formats = new()
    {
        ["dns1123Label"] = NameRules.Dns1123Label,
        ["dns1123Subdomain"] = NameRules.Dns1123Subdomain,
        ["dns1035Label"] = NameRules.Dns1035Label,
        ["qualifiedName"] = NameRules.QualifiedName,
        ["dns1123LabelPrefix"] = s => NameRules.Dns1123Label(MaskTrailingDash(s)),
        ["dns1123SubdomainPrefix"] = s => NameRules.Dns1123Subdomain(MaskTrailingDash(s)),
        ["dns1035LabelPrefix"] = s => NameRules.Dns1035Label(MaskTrailingDash(s)),
        ["labelValue"] = NameRules.LabelValue,
        ["uri"] = s => GoUrl.TryParseRequestUri(s, out _, out _) ? [] : ["invalid URI"],
        ["uuid"] = s => Uuid().IsMatch(s) ? [] : ["does not match the UUID format"],
        ["byte"] = s => IsBase64(s) ? [] : ["invalid base64"],
        ["date"] = s => DateTime.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _) ? [] : ["invalid date"],
        ["datetime"] = s => s.Contains('T') && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.None, out _) ? [] : ["invalid datetime"],
    };

    public static void Register(CelFunctionTable t)
    {
        foreach (var name in Formats.Keys)
        {
            var format = new CelFormat(name, Formats[name]);
            t.Global($"format.{name}", 0, _ => format);
        }
        t.Global("format.named", 1, a => Formats.TryGetValue(Str(a, 0, "format.named"), out var f)
            ? CelOptional.Of(new CelFormat((string)a[0]!, f)) : CelOptional.None);
        t.Member("validate", 1, a =>
        {
            if (a[0] is not CelFormat f) throw CelError.NoSuchOverload("validate", a);
            var errors = f.Check(Str(a, 1, "validate")).Select(e => (object?)e).ToList();
            return errors.Count == 0 ? CelOptional.None : CelOptional.Of(errors);
        });
    }

    /// <summary>A name prefix (generateName) may end in '-': apimachinery checks it as if it ended in 'a'.</summary>
    private static string MaskTrailingDash(string s) => s.Length > 1 && s.EndsWith('-') ? s[..^1] + "a" : s;

    private static bool IsBase64(string s)
    {
        try
        {
            Convert.FromBase64String(s);
            return true;
        }
        catch (FormatException) { return false; }
    }

    [GeneratedRegex(@"\A[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\z")]
    private static partial Regex Uuid();
}

internal sealed record CelFormat(string Name, Func<string, IEnumerable<string>> Check) : ICelNamedValue
{
    public string CelTypeName => "kubernetes.NamedFormat";
}
