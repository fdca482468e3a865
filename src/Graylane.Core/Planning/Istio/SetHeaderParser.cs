using Graylane.Core.Validation;

namespace Graylane.Core.Planning.Istio;

/// <summary>Reads one --set-header name=value (a request header Istio sets on traffic to the gray version).</summary>
public static class SetHeaderParser
{
    public const int MaxValueLength = 1024;

    public static KeyValuePair<string, string> Parse(string text)
    {
        var eq = text.IndexOf('=');
        if (eq <= 0)
            throw Error(text, "is not name=value");
        var name = text[..eq].Trim().ToLowerInvariant();
        var value = text[(eq + 1)..].Trim();
        Check(text, name, value);
        return new(name, value);
    }

    /// <summary>Validates a header to set (names lower-case tokens; no pseudo-headers or Host; no control characters).</summary>
    public static void Check(string text, string name, string value)
    {
        if (HttpTokens.HasControl(text) || HttpTokens.HasControl(name) || HttpTokens.HasControl(value))
            throw Error(text, "contains a control character (such as a newline)");
        if (!HttpTokens.IsToken(name) || name != name.ToLowerInvariant() || name.Length > MatchParser.MaxNameLength)
            throw Error(text, "has a header name that is not a lower-case HTTP token (letters, digits and !#$%&'*+-.^_`|~)");
        if (name is "host" or "cookie" || name.StartsWith("x-envoy-", StringComparison.Ordinal))
            throw Error(text, $"sets {name}, which Istio does not let a route set; choose another header");
        if (value.Length > MaxValueLength)
            throw Error(text, $"has a value longer than {MaxValueLength} characters");
    }

    private static InvalidInputException Error(string text, string problem) =>
        new("set-header", $"--set-header \"{KubeNames.Printable(text)}\" {problem}; write name=value, e.g. --set-header x-canary=true");
}
