namespace Graylane.Core.Planning.Istio;

/// <summary>HTTP token rules (RFC 7230 tchar, RFC 6265 cookie-octet) for header and cookie names and values.</summary>
public static class HttpTokens
{
    private const string TokenPunctuation = "!#$%&'*+-.^_`|~";

    /// <summary>RFC 7230 token: visible ASCII letters, digits and !#$%&amp;'*+-.^_`|~ (no separators, spaces or colons).</summary>
    public static bool IsToken(string s) => s.Length > 0 && s.All(c => char.IsAsciiLetterOrDigit(c) || TokenPunctuation.Contains(c));

    /// <summary>RFC 6265 cookie-value octets: visible ASCII except space, double quote, comma, semicolon and backslash.</summary>
    public static bool IsCookieValue(string s) => s.Length > 0 && s.All(c => c is > ' ' and < (char)0x7f && c is not ('"' or ',' or ';' or '\\'));

    /// <summary>True when the text holds a control character (newline, tab, NUL, DEL…), which could forge lines or headers.</summary>
    public static bool HasControl(string s) => s.Any(char.IsControl);
}
