using System.Text.RegularExpressions;

namespace Graylane.LocalCluster.Validation;

/// <summary>apimachinery's name checks (IsDNS1123Subdomain, IsDNS1123Label, IsDNS1035Label, IsQualifiedName, IsValidLabelValue), same messages.</summary>
internal static partial class NameRules
{
    private const string Dns1123LabelFmt = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    private const string Dns1123SubdomainFmt = Dns1123LabelFmt + "(\\." + Dns1123LabelFmt + ")*";
    private const string Dns1035LabelFmt = "[a-z]([-a-z0-9]*[a-z0-9])?";
    private const string QualifiedNameFmt = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
    private const string LabelValueFmt = "(" + QualifiedNameFmt + ")?";

    public static IEnumerable<string> Dns1123Subdomain(string value)
    {
        if (value.Length > 253) yield return "must be no more than 253 characters";
        if (!Subdomain().IsMatch(value))
            yield return "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '" + Dns1123SubdomainFmt + "')";
    }

    public static IEnumerable<string> Dns1123Label(string value)
    {
        if (value.Length > 63) yield return "must be no more than 63 characters";
        if (!Label().IsMatch(value))
            yield return "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '" + Dns1123LabelFmt + "')";
    }

    public static IEnumerable<string> Dns1035Label(string value)
    {
        if (value.Length > 63) yield return "must be no more than 63 characters";
        if (!Dns1035().IsMatch(value))
            yield return "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '" + Dns1035LabelFmt + "')";
    }

    public static IEnumerable<string> QualifiedName(string value)
    {
        var parts = value.Split('/');
        string name;
        switch (parts.Length)
        {
            case 1:
                name = parts[0];
                break;
            case 2:
                var prefix = parts[0];
                name = parts[1];
                if (prefix.Length == 0) yield return "prefix part must be non-empty";
                else foreach (var m in Dns1123Subdomain(prefix)) yield return "prefix part " + m;
                break;
            default:
                yield return "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '" + QualifiedNameFmt + "') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')";
                yield break;
        }
        if (name.Length == 0) { yield return "name part must be non-empty"; yield break; }
        if (name.Length > 63) yield return "name part must be no more than 63 characters";
        if (!Qualified().IsMatch(name))
            yield return "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '" + QualifiedNameFmt + "')";
    }

    public static IEnumerable<string> LabelValue(string value)
    {
        if (value.Length > 63) yield return "must be no more than 63 characters";
        if (!LabelValueRegex().IsMatch(value))
            yield return "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '" + LabelValueFmt + "')";
    }

    [GeneratedRegex("^" + Dns1123SubdomainFmt + @"\z")] private static partial Regex Subdomain();
    [GeneratedRegex("^" + Dns1123LabelFmt + @"\z")] private static partial Regex Label();
    [GeneratedRegex("^" + Dns1035LabelFmt + @"\z")] private static partial Regex Dns1035();
    [GeneratedRegex("^" + QualifiedNameFmt + @"\z")] private static partial Regex Qualified();
    [GeneratedRegex("^" + LabelValueFmt + @"\z")] private static partial Regex LabelValueRegex();
}
