using System.Text.RegularExpressions;
using Graylane.Core.Planning.Istio;
using Graylane.Core.Validation;

namespace Graylane.Core.Planning.IngressNginx;

/// <summary>
/// What ingress-nginx's canary annotations can express, and the annotations for a shift. ingress-nginx decides per request:
/// the canary-by-header header (equal to canary-by-header-value, or matching canary-by-header-pattern; any other value
/// falls through), then the canary-by-cookie cookie (only the value "always" sends to the canary), then canary-weight out
/// of 100. So a shift can route by one header and one cookie, each an alternative (OR) to the other and to the weight.
/// </summary>
public static class NginxCanaryRules
{
    public const string Prefix = "nginx.ingress.kubernetes.io/";
    public const string Canary = Prefix + "canary";
    public const string Weight = Prefix + "canary-weight";
    public const string ByHeader = Prefix + "canary-by-header";
    public const string ByHeaderValue = Prefix + "canary-by-header-value";
    public const string ByHeaderPattern = Prefix + "canary-by-header-pattern";
    public const string ByCookie = Prefix + "canary-by-cookie";

    /// <summary>Every canary annotation Graylane writes (the others it removes when a shift no longer needs them).</summary>
    public static IReadOnlyList<string> All { get; } = [Canary, Weight, ByHeader, ByHeaderValue, ByHeaderPattern, ByCookie, Prefix + "canary-weight-total"];

    private const string Others = "--router istio or gateway-api can route by several headers, by query parameters and by any cookie value";

    /// <summary>The header and cookie rules of the --match values, or a refusal (input match) saying what nginx can do instead.</summary>
    public static (MatchRule? Header, MatchRule? Cookie) Split(IReadOnlyList<string> matches)
    {
        MatchRule? header = null, cookie = null;
        foreach (var text in matches)
        {
            var rules = MatchParser.Parse(text);
            if (rules.Count > 1)
                throw new InvalidInputException("match", $"--match {text}: ingress-nginx cannot require several conditions at once (its canary rules are alternatives); give one condition per --match. {Others}");
            var rule = rules[0];
            switch (rule.Kind)
            {
                case MatchKind.Header when header is null:
                    header = rule;
                    break;
                case MatchKind.Header:
                    throw new InvalidInputException("match", $"--match {text}: a canary Ingress routes by one header (canary-by-header), and --match {header} already names one. {Others}");
                case MatchKind.Cookie when rule.Operator != MatchOperator.Exact || rule.Value != "always":
                    throw new InvalidInputException("match", $"--match {text}: ingress-nginx sends a request to the canary by cookie only when the cookie's value is \"always\" (canary-by-cookie); use --match cookie:{rule.Name}=always. {Others}");
                case MatchKind.Cookie when cookie is null:
                    cookie = rule;
                    break;
                case MatchKind.Cookie:
                    throw new InvalidInputException("match", $"--match {text}: a canary Ingress routes by one cookie (canary-by-cookie), and --match {cookie} already names one. {Others}");
                default:
                    throw new InvalidInputException("match", $"--match {text}: ingress-nginx's canary cannot route by query parameter. {Others}");
            }
        }
        return (header, cookie);
    }

    /// <summary>The canary annotations for a weight and the --match values (already accepted by <see cref="Split"/>).</summary>
    public static SortedDictionary<string, string> Annotations(int weight, IReadOnlyList<string> matches)
    {
        var (header, cookie) = Split(matches);
        var a = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            [Canary] = "true",
            [Weight] = weight.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        if (header is not null)
        {
            a[ByHeader] = header.Name;
            if (header.Operator == MatchOperator.Exact) a[ByHeaderValue] = header.Value;
            else a[ByHeaderPattern] = Pattern(header);
        }
        if (cookie is not null) a[ByCookie] = cookie.Name;
        return a;
    }

    /// <summary>
    /// ingress-nginx searches the header value with the pattern (PCRE, unanchored), so Graylane anchors it: a regex must
    /// match the whole value, as with the other routers; a prefix is the escaped prefix at the start.
    /// </summary>
    public static string Pattern(MatchRule rule) =>
        rule.Operator == MatchOperator.Prefix ? "^" + Regex.Escape(rule.Value) : $"^(?:{rule.Value})$";

    /// <summary>The weight the annotations give the canary (0 when absent or not a number, as ingress-nginx reads them).</summary>
    public static int ReadWeight(IReadOnlyDictionary<string, string> annotations) =>
        annotations.TryGetValue(Weight, out var w) && int.TryParse(w, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ? Math.Clamp(n, 0, 100) : 0;
}
