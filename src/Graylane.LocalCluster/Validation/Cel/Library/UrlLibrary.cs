using System.Text;
using Graylane.LocalCluster.Validation.Cel.Runtime;
using static Graylane.LocalCluster.Validation.Cel.Library.StandardLibrary;

namespace Graylane.LocalCluster.Validation.Cel.Library;

/// <summary>
/// Kubernetes' URL library: <c>isURL(s)</c>, <c>url(s)</c> and getScheme/getHost/getHostname/getPort/getEscapedPath/
/// getQuery. Parsing follows Go's url.ParseRequestURI, which is what decides: an absolute URI or an absolute path.
/// </summary>
internal static class UrlLibrary
{
    public static void Register(CelFunctionTable t)
    {
        t.Global("isURL", 1, a => GoUrl.TryParseRequestUri(Str(a, 0, "isURL"), out _, out _));
        t.Global("url", 1, a => GoUrl.TryParseRequestUri(Str(a, 0, "url"), out var u, out var error)
            ? u : throw new CelError($"URL parse error during conversion from string: {error}"));
        t.Member("getScheme", 0, a => Url(a, "getScheme").Scheme);
        t.Member("getHost", 0, a => Url(a, "getHost").Host);
        t.Member("getHostname", 0, a => Url(a, "getHostname").Hostname);
        t.Member("getPort", 0, a => Url(a, "getPort").Port);
        t.Member("getEscapedPath", 0, a => Url(a, "getEscapedPath").EscapedPath);
        t.Member("getQuery", 0, a => Url(a, "getQuery").Query());
    }

    private static GoUrl Url(object?[] a, string function) => a[0] as GoUrl ?? throw CelError.NoSuchOverload(function, a);
}

/// <summary>The parts of a URL as Go's net/url parses a request URI.</summary>
internal sealed class GoUrl : ICelNamedValue
{
    public string CelTypeName => "kubernetes.URL";
    public string Scheme { get; private init; } = "";
    public string Host { get; private init; } = "";
    public string Opaque { get; private init; } = "";
    public string RawPath { get; private init; } = "";
    public string RawQuery { get; private init; } = "";

    public string Hostname
    {
        get
        {
            var (host, _) = SplitHostPort(Host);
            return host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host;
        }
    }

    public string Port => SplitHostPort(Host).Port;

    public string EscapedPath => RawPath;

    public override bool Equals(object? obj) => obj is GoUrl u && u.ToString() == ToString();
    public override int GetHashCode() => ToString().GetHashCode();
    public override string ToString() => $"{Scheme}:{Opaque}//{Host}{RawPath}?{RawQuery}";

    public ICelMap Query()
    {
        var map = new CelMapValue();
        var values = new Dictionary<string, List<object?>>(StringComparer.Ordinal);
        foreach (var pair in RawQuery.Split('&', ';'))
        {
            if (pair.Length == 0) continue;
            var eq = pair.IndexOf('=');
            var key = Unescape(eq < 0 ? pair : pair[..eq], query: true);
            var value = Unescape(eq < 0 ? "" : pair[(eq + 1)..], query: true);
            if (key is null || value is null) continue;
            if (!values.TryGetValue(key, out var list)) values[key] = list = [];
            list.Add(value);
        }
        foreach (var (k, v) in values) map.Add(k, v);
        return map;
    }

    private static (string Host, string Port) SplitHostPort(string hostport)
    {
        var colon = hostport.LastIndexOf(':');
        if (colon < 0 || hostport.StartsWith('[') && hostport.LastIndexOf(']') > colon) return (hostport, "");
        return (hostport[..colon], hostport[(colon + 1)..]);
    }

    public static bool TryParseRequestUri(string raw, out GoUrl url, out string error)
    {
        url = new GoUrl();
        error = "";
        if (raw.Any(c => c < 0x20 || c == 0x7f)) { error = "net/url: invalid control character in URL"; return false; }
        if (raw.Length == 0) { error = "empty url"; return false; }
        if (raw == "*") { url = new GoUrl { RawPath = "*" }; return true; }
        var scheme = "";
        var rest = raw;
        for (var i = 0; i < raw.Length; i++)
        {
            var c = raw[i];
            if (char.IsAsciiLetter(c)) continue;
            if (char.IsAsciiDigit(c) || c is '+' or '-' or '.')
            {
                if (i == 0) break;
                continue;
            }
            if (c == ':')
            {
                if (i == 0) { error = "missing protocol scheme"; return false; }
                scheme = raw[..i].ToLowerInvariant();
                rest = raw[(i + 1)..];
            }
            break;
        }
        var rawQuery = "";
        if (rest.EndsWith('?') && rest.Count(c => c == '?') == 1) rest = rest[..^1];
        else if (rest.IndexOf('?') is var q and >= 0)
        {
            rawQuery = rest[(q + 1)..];
            rest = rest[..q];
        }
        if (!rest.StartsWith('/'))
        {
            if (scheme.Length > 0)
            {
                url = new GoUrl { Scheme = scheme, Opaque = rest, RawQuery = rawQuery };
                return true;
            }
            error = "invalid URI for request";
            return false;
        }
        var host = "";
        if (scheme.Length > 0 && rest.StartsWith("//"))
        {
            var authority = rest[2..];
            var slash = authority.IndexOf('/');
            rest = slash < 0 ? "" : authority[slash..];
            authority = slash < 0 ? authority : authority[..slash];
            if (!TryParseAuthority(authority, out host, out error)) return false;
        }
        if (Unescape(rest, query: false) is null) { error = $"invalid URL escape in path {rest}"; return false; }
        url = new GoUrl { Scheme = scheme, Host = host, RawPath = rest, RawQuery = rawQuery };
        return true;
    }

    private static bool TryParseAuthority(string authority, out string host, out string error)
    {
        error = "";
        var at = authority.LastIndexOf('@');
        host = at < 0 ? authority : authority[(at + 1)..];
        if (at >= 0 && authority[..at].Any(c => !(char.IsAsciiLetterOrDigit(c) || "-._:~!$&'()*+,;=%@".Contains(c))))
        {
            error = "net/url: invalid userinfo";
            return false;
        }
        if (host.StartsWith('['))
        {
            var close = host.LastIndexOf(']');
            if (close < 0) { error = "missing ']' in host"; return false; }
            var port = host[(close + 1)..];
            if (!ValidOptionalPort(port)) { error = $"invalid port \"{port}\" after host"; return false; }
            return true;
        }
        var colon = host.LastIndexOf(':');
        if (colon >= 0 && !ValidOptionalPort(host[colon..])) { error = $"invalid port \"{host[colon..]}\" after host"; return false; }
        foreach (var c in host)
        {
            if (c >= 0x80 || char.IsAsciiLetterOrDigit(c) || "-_.~!$&'()*+,;=:[]<>\"%".Contains(c)) continue;
            error = $"invalid character \"{c}\" in host name";
            return false;
        }
        if (Unescape(host, query: false) is null) { error = $"invalid URL escape in host {host}"; return false; }
        return true;
    }

    private static bool ValidOptionalPort(string port) =>
        port.Length == 0 || port[0] == ':' && port.Skip(1).All(char.IsAsciiDigit);

    /// <summary>Percent-decoding; null when an escape is malformed. In a query "+" is a space.</summary>
    private static string? Unescape(string s, bool query)
    {
        var bytes = new List<byte>();
        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] == '%')
            {
                if (i + 2 >= s.Length || !char.IsAsciiHexDigit(s[i + 1]) || !char.IsAsciiHexDigit(s[i + 2])) return null;
                bytes.Add(Convert.ToByte(s.Substring(i + 1, 2), 16));
                i += 2;
            }
            else if (query && s[i] == '+') bytes.Add((byte)' ');
            else bytes.AddRange(Encoding.UTF8.GetBytes(s[i].ToString()));
        }
        return Encoding.UTF8.GetString(bytes.ToArray());
    }
}
