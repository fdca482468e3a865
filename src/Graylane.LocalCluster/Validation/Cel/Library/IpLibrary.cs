using System.Net;
using System.Net.Sockets;
using System.Numerics;
using Graylane.LocalCluster.Validation.Cel.Runtime;
using static Graylane.LocalCluster.Validation.Cel.Library.StandardLibrary;

namespace Graylane.LocalCluster.Validation.Cel.Library;

/// <summary>
/// Kubernetes' IP and CIDR libraries. Parsing is Go's netip (strict: no leading zeros in IPv4, no zones) and, as
/// Kubernetes adds, IPv4-mapped IPv6 addresses are refused. .NET's IPAddress.Parse alone would accept "1" or "01.2.3.4".
/// </summary>
internal static class IpLibrary
{
    public static void Register(CelFunctionTable t)
    {
        t.Global("isIP", 1, a => CelIp.TryParse(Str(a, 0, "isIP"), out _, out _));
        t.Global("ip", 1, a => CelIp.Parse(Str(a, 0, "ip")));
        t.Global("ip.isCanonical", 1, a => CelIp.Parse(Str(a, 0, "ip.isCanonical")).ToCelString() == (string)a[0]!);
        t.Member("family", 0, a => (long)(Ip(a, "family").Is4 ? 4 : 6));
        t.Member("isUnspecified", 0, a => Ip(a, "isUnspecified").Address.Equals(Ip(a, "isUnspecified").Is4 ? IPAddress.Any : IPAddress.IPv6Any));
        t.Member("isLoopback", 0, a => IPAddress.IsLoopback(Ip(a, "isLoopback").Address));
        t.Member("isLinkLocalMulticast", 0, a => Ip(a, "isLinkLocalMulticast").IsLinkLocalMulticast);
        t.Member("isLinkLocalUnicast", 0, a => Ip(a, "isLinkLocalUnicast").IsLinkLocalUnicast);
        t.Member("isGlobalUnicast", 0, a => Ip(a, "isGlobalUnicast").IsGlobalUnicast);

        t.Global("isCIDR", 1, a => CelCidr.TryParse(Str(a, 0, "isCIDR"), out _, out _));
        t.Global("cidr", 1, a => CelCidr.Parse(Str(a, 0, "cidr")));
        t.Member("containsIP", 1, a => Cidr(a, "containsIP").Contains(a[1] switch
        {
            CelIp ip => ip,
            string s => CelIp.Parse(s),
            _ => throw CelError.NoSuchOverload("containsIP", a),
        }));
        t.Member("containsCIDR", 1, a =>
        {
            var outer = Cidr(a, "containsCIDR");
            var inner = a[1] switch
            {
                CelCidr c => c,
                string s => CelCidr.Parse(s),
                _ => throw CelError.NoSuchOverload("containsCIDR", a),
            };
            return inner.Bits >= outer.Bits && outer.Contains(inner.Ip);
        });
        t.Member("ip", 0, a => Cidr(a, "ip").Ip);
        t.Member("masked", 0, a => Cidr(a, "masked").Masked());
        t.Member("prefixLength", 0, a => (long)Cidr(a, "prefixLength").Bits);
    }

    private static CelIp Ip(object?[] a, string function) => a[0] as CelIp ?? throw CelError.NoSuchOverload(function, a);
    private static CelCidr Cidr(object?[] a, string function) => a[0] as CelCidr ?? throw CelError.NoSuchOverload(function, a);
}

internal sealed class CelIp(IPAddress address) : ICelNamedValue, ICelStringable
{
    public IPAddress Address { get; } = address;
    public bool Is4 => Address.AddressFamily == AddressFamily.InterNetwork;
    public string CelTypeName => "net.IP";

    public bool IsLinkLocalMulticast => Is4 ? Bytes[0] == 224 && Bytes[1] == 0 && Bytes[2] == 0 : Bytes[0] == 0xff && (Bytes[1] & 0x0f) == 0x02;
    public bool IsLinkLocalUnicast => Is4 ? Bytes[0] == 169 && Bytes[1] == 254 : Bytes[0] == 0xfe && (Bytes[1] & 0xc0) == 0x80;
    private bool IsMulticast => Is4 ? Bytes[0] >= 224 && Bytes[0] <= 239 : Bytes[0] == 0xff;

    public bool IsGlobalUnicast =>
        !Address.Equals(IPAddress.Broadcast) && !Address.Equals(Is4 ? IPAddress.Any : IPAddress.IPv6Any) &&
        !IPAddress.IsLoopback(Address) && !IsMulticast && !IsLinkLocalUnicast;

    public byte[] Bytes => Address.GetAddressBytes();

    public string ToCelString() => Address.ToString();
    public override bool Equals(object? obj) => obj is CelIp o && o.Address.Equals(Address);
    public override int GetHashCode() => Address.GetHashCode();

    public static CelIp Parse(string s) =>
        TryParse(s, out var ip, out var error) ? ip : throw new CelError($"IP Address \"{s}\" parse error during conversion from string: {error}");

    public static bool TryParse(string s, out CelIp ip, out string error)
    {
        ip = null!;
        error = "";
        if (s.Contains('%')) { error = "zone value is not allowed"; return false; }
        if (!s.Contains(':'))
        {
            var parts = s.Split('.');
            if (parts.Length != 4 || parts.Any(p => p.Length is 0 or > 3 || !p.All(char.IsAsciiDigit) || p.Length > 1 && p[0] == '0' || int.Parse(p) > 255))
            {
                error = "ParseAddr(\"" + s + "\"): invalid IPv4 address";
                return false;
            }
            ip = new CelIp(IPAddress.Parse(s));
            return true;
        }
        if (!s.All(c => char.IsAsciiHexDigit(c) || c is ':' or '.') || !IPAddress.TryParse(s, out var v6) || v6.AddressFamily != AddressFamily.InterNetworkV6)
        {
            error = "ParseAddr(\"" + s + "\"): invalid IPv6 address";
            return false;
        }
        if (v6.IsIPv4MappedToIPv6) { error = "IPv4-mapped IPv6 address is not allowed"; return false; }
        ip = new CelIp(v6);
        return true;
    }
}

internal sealed class CelCidr(CelIp ip, int bits) : ICelNamedValue, ICelStringable
{
    public CelIp Ip { get; } = ip;
    public int Bits { get; } = bits;
    public string CelTypeName => "net.CIDR";

    public string ToCelString() => $"{Ip.ToCelString()}/{Bits}";
    public override bool Equals(object? obj) => obj is CelCidr o && o.Ip.Equals(Ip) && o.Bits == Bits;
    public override int GetHashCode() => HashCode.Combine(Ip, Bits);

    public bool Contains(CelIp other) => other.Is4 == Ip.Is4 && Network(other.Bytes) == Network(Ip.Bytes);

    public CelCidr Masked()
    {
        var bytes = Ip.Bytes;
        var masked = Network(bytes).ToByteArray(isUnsigned: true, isBigEndian: true);
        var padded = new byte[bytes.Length];
        masked.CopyTo(padded, padded.Length - masked.Length);
        return new CelCidr(new CelIp(new IPAddress(padded)), Bits);
    }

    private BigInteger Network(byte[] bytes)
    {
        var value = new BigInteger(bytes, isUnsigned: true, isBigEndian: true);
        var width = bytes.Length * 8;
        var mask = ((BigInteger.One << Bits) - 1) << (width - Bits);
        return value & mask;
    }

    public static CelCidr Parse(string s) =>
        TryParse(s, out var c, out var error) ? c : throw new CelError($"network address parse error during conversion from string: {error}");

    public static bool TryParse(string s, out CelCidr cidr, out string error)
    {
        cidr = null!;
        var slash = s.LastIndexOf('/');
        if (slash < 0) { error = $"netip.ParsePrefix(\"{s}\"): no '/'"; return false; }
        if (!CelIp.TryParse(s[..slash], out var ip, out error)) return false;
        var bitsText = s[(slash + 1)..];
        var max = ip.Is4 ? 32 : 128;
        if (bitsText.Length == 0 || !bitsText.All(char.IsAsciiDigit) || bitsText.Length > 1 && bitsText[0] == '0' ||
            !int.TryParse(bitsText, out var bits) || bits > max)
        {
            error = $"netip.ParsePrefix(\"{s}\"): bad bits after slash: \"{bitsText}\"";
            return false;
        }
        cidr = new CelCidr(ip, bits);
        return true;
    }
}
