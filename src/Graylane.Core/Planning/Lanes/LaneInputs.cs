using System.Text.RegularExpressions;
using Graylane.Core.Validation;

namespace Graylane.Core.Planning.Lanes;

/// <summary>Reads the lane inputs (--services, --app-services, --baselines, --route-header, --gateway), refusing bad ones by name.</summary>
public static partial class LaneInputs
{
    /// <summary>"mocka=img:v2,mockc=img:v2" → [(mocka, img:v2), (mockc, img:v2)] in the order given.</summary>
    public static List<(string Service, string Image)> ServiceImages(string input, string text)
    {
        var result = new List<(string, string)>();
        foreach (var (service, image) in Pairs(input, text, "service=image, e.g. --services mocka=registry.example.com/mock:v2,mockc=registry.example.com/mock:v2"))
        {
            if (result.Any(r => r.Item1 == service)) throw new InvalidInputException(input, $"--{input} names {service} twice");
            result.Add((service, ImageReference.Validate(input, image)));
        }
        if (result.Count == 0) throw new InvalidInputException(input, $"--{input} names no service");
        return result;
    }

    /// <summary>"mockb=v1" → service → version (label value).</summary>
    public static Dictionary<string, string> Versions(string input, string? text)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (text is null) return result;
        foreach (var (service, version) in Pairs(input, text, "service=version, e.g. --baselines mockb=v1"))
            result[service] = KubeNames.LabelValue(input, version);
        return result;
    }

    /// <summary>"mocka,mockb,mockc" → distinct Service names in order.</summary>
    public static List<string> Names(string input, string text)
    {
        var names = text.Split([',', '\n', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(n => KubeNames.DnsLabel(input, n)).ToList();
        if (names.Count == 0) throw new InvalidInputException(input, $"--{input} names no service");
        if (names.Distinct(StringComparer.Ordinal).Count() != names.Count) throw new InvalidInputException(input, $"--{input} names a service twice");
        return names;
    }

    /// <summary>A lane name is the version label value of its pods, so it must be a valid label value (and not empty).</summary>
    public static string Lane(string input, string text)
    {
        if (text.Length == 0 || !KubeNames.IsLabelValue(text) || !KubeNames.IsDnsLabel(text.ToLowerInvariant()))
            throw new InvalidInputException(input,
                $"lane \"{KubeNames.Printable(text)}\" is not a valid lane name: it is the version label value of the lane's pods and its Deployments' name suffix, so use at most 63 letters, digits and '-', starting and ending with a letter or digit (e.g. dev-alice)");
        return text;
    }

    /// <summary>The routing header: lower-case HTTP token (Istio matches header names in lower case).</summary>
    public static string Header(string input, string text)
    {
        if (!HeaderPattern().IsMatch(text))
            throw new InvalidInputException(input, $"--{input} \"{KubeNames.Printable(text)}\" is not a lower-case HTTP header name (e.g. version, x-asm-prefer-tag)");
        return text;
    }

    /// <summary>"ingressgateway" or "istio-system/ingressgateway" → namespace/name (namespace defaults to istio-system).</summary>
    public static string Gateway(string input, string text)
    {
        var parts = text.Split('/');
        if (parts.Length > 2) throw new InvalidInputException(input, $"--{input} \"{KubeNames.Printable(text)}\" must be namespace/name or name");
        var ns = parts.Length == 2 ? KubeNames.DnsLabel(input, parts[0]) : "istio-system";
        return $"{ns}/{KubeNames.DnsSubdomain(input, parts[^1])}";
    }

    private static IEnumerable<(string Key, string Value)> Pairs(string input, string text, string example)
    {
        foreach (var raw in text.Split([',', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = raw.IndexOf('=');
            if (eq <= 0 || eq == raw.Length - 1)
                throw new InvalidInputException(input, $"--{input} entry \"{KubeNames.Printable(raw)}\" must be {example}");
            yield return (KubeNames.DnsLabel(input, raw[..eq].Trim()), raw[(eq + 1)..].Trim());
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,127}\\z")]
    private static partial Regex HeaderPattern();
}
