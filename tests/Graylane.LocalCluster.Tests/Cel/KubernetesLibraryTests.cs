using Graylane.LocalCluster.Validation.Cel.Runtime;
using static Graylane.LocalCluster.Tests.Cel.CelExpressionTests;

namespace Graylane.LocalCluster.Tests.Cel;

/// <summary>The Kubernetes CEL libraries: strings, lists, regex (RE2), URLs, IP/CIDR, quantity — with Go's parsing rules.</summary>
public sealed class KubernetesLibraryTests
{
    [Theory]
    // strings
    [InlineData("'Hello'.lowerAscii() == 'hello' && 'héllo'.upperAscii() == 'HéLLO'")]
    [InlineData("'a/b/c'.split('/') == ['a', 'b', 'c'] && 'a/b/c'.split('/', 2) == ['a', 'b/c'] && ''.split('/') == ['']")]
    [InlineData("['a', 'b'].join() == 'ab' && ['a', 'b'].join('-') == 'a-b'")]
    [InlineData("'héllo'.indexOf('l') == 2 && 'hello'.indexOf('l', 3) == 3 && 'hello'.lastIndexOf('l') == 3 && 'hello'.indexOf('z') == -1")]
    [InlineData("'héllo'.charAt(1) == 'é' && 'abc'.charAt(3) == ''")]
    [InlineData("'abcdef'.substring(2) == 'cdef' && 'abcdef'.substring(1, 3) == 'bc'")]
    [InlineData("'  x '.trim() == 'x' && 'aaa'.replace('a', 'b', 2) == 'bba' && 'abc'.reverse() == 'cba'")]
    [InlineData("strings.quote('a\"b') == '\"a\\\\\"b\"'")]
    // lists
    [InlineData("[1, 2, 3].isSorted() && ![2, 1].isSorted() && ['a', 'b'].isSorted()")]
    [InlineData("[1, 2, 3].sum() == 6 && [1.5, 2.5].sum() == 4.0 && [].sum() == 0 && [duration('1s'), duration('2s')].sum() == duration('3s')")]
    [InlineData("[3, 1, 2].min() == 1 && [3, 1, 2].max() == 3 && ['b', 'a'].min() == 'a'")]
    [InlineData("[1, 2, 3].indexOf(2) == 1 && [1, 2, 1].lastIndexOf(1) == 2 && [1].indexOf(5) == -1")]
    [InlineData("[1, 2, 3, 4].slice(1, 3) == [2, 3] && [[1], [2, [3]]].flatten() == [1, 2, [3]] && [1, 1, 2].distinct() == [1, 2] && [3, 1].sort() == [1, 3]")]
    [InlineData("sets.contains([1, 2, 3], [2]) && sets.equivalent([1, 2], [2, 1, 1]) && sets.intersects([1], [1, 5]) && !sets.intersects([1], [2])")]
    // regex
    [InlineData("'abc 123'.find('[0-9]+') == '123' && 'abc'.find('[0-9]+') == '' && 'a1b22'.findAll('[0-9]+') == ['1', '22'] && 'a1b22'.findAll('[0-9]+', 1) == ['1']")]
    [InlineData("'Foo.bar'.matches(r'''^(?i)\\.?[a-z_][a-z_0-9]*(\\.[a-z_][a-z_0-9]*)*$''')")]
    [InlineData("'x'.matches('^(?P<name>x)$') && 'a.b'.matches('\\\\Qa.b\\\\E') && !'axb'.matches('^\\\\Qa.b\\\\E$') && 'B'.matches('^[[:upper:]]$')")]
    [InlineData("!'abc\\n'.matches('^abc$') && !'٣'.matches('^\\\\d$') && '٣'.matches('^\\\\pN$')")]
    // urls
    [InlineData("isURL('https://example.com:8443/a?b=c') && !isURL('example.com/a') && isURL('/absolute/path') && isURL('oci://registry/x')")]
    [InlineData("!isURL('') && !isURL('http://exa mple.com') && !isURL('http://host:port/') && !isURL(':nope')")]
    [InlineData("url('https://user@example.com:8443/a%20b?x=1&x=2').getScheme() == 'https' && url('https://example.com:8443/p').getHost() == 'example.com:8443'")]
    [InlineData("url('https://[::1]:80/').getHostname() == '::1' && url('https://example.com:8443/').getPort() == '8443' && url('https://example.com/a%20b').getEscapedPath() == '/a%20b'")]
    [InlineData("url('https://example.com/?x=1&x=2&y=').getQuery() == {'x': ['1', '2'], 'y': ['']}")]
    // ip / cidr
    [InlineData("isIP('10.0.0.1') && isIP('::1') && !isIP('1') && !isIP('01.2.3.4') && !isIP('256.1.1.1') && !isIP('::ffff:1.2.3.4') && !isIP('fe80::1%eth0') && !isIP('example.com')")]
    [InlineData("ip('10.0.0.1').family() == 4 && ip('::1').family() == 6 && ip('127.0.0.1').isLoopback() && ip('0.0.0.0').isUnspecified()")]
    [InlineData("ip('169.254.1.1').isLinkLocalUnicast() && ip('224.0.0.1').isLinkLocalMulticast() && ip('8.8.8.8').isGlobalUnicast() && !ip('127.0.0.1').isGlobalUnicast()")]
    [InlineData("string(ip('10.0.0.1')) == '10.0.0.1' && ip.isCanonical('2001:db8::1') && !ip.isCanonical('2001:DB8::1')")]
    [InlineData("cidr('10.0.0.0/8').containsIP('10.1.2.3') && !cidr('10.0.0.0/8').containsIP(ip('11.0.0.1')) && cidr('10.0.0.0/8').containsCIDR('10.1.0.0/16') && !cidr('10.1.0.0/16').containsCIDR('10.0.0.0/8')")]
    [InlineData("cidr('10.1.2.3/8').masked() == cidr('10.0.0.0/8') && cidr('10.1.2.3/8').ip() == ip('10.1.2.3') && cidr('::1/64').prefixLength() == 64 && isCIDR('10.0.0.0/8') && !isCIDR('10.0.0.0/33') && !isCIDR('10.0.0.0')")]
    // quantity
    [InlineData("quantity('1Gi').isGreaterThan(quantity('1G')) && quantity('500m').isLessThan(quantity('1')) && quantity('1k').compareTo(quantity('1000')) == 0")]
    [InlineData("quantity('1.5').isInteger() == false && quantity('2k').asInteger() == 2000 && quantity('100m').asApproximateFloat() == 0.1 && quantity('-1').sign() == -1")]
    [InlineData("quantity('1Gi').add(quantity('1Gi')) == quantity('2Gi') && quantity('1').sub(1).sign() == 0 && quantity('1e3') == quantity('1k')")]
    [InlineData("isQuantity('100Mi') && !isQuantity('100MB') && !isQuantity('') && !isQuantity('1.2.3')")]
    // format
    [InlineData("!format.dns1123Label().validate('web').hasValue() && format.dns1123Label().validate('Web').value().size() == 1")]
    [InlineData("format.dns1123Label().validate('Web').value()[0].startsWith('a lowercase RFC 1123 label must consist of')")]
    [InlineData("!format.dns1123LabelPrefix().validate('web-').hasValue() && format.dns1123Label().validate('web-').hasValue()")]
    [InlineData("format.named('uuid').hasValue() && !format.named('nope').hasValue() && !format.named('uuid').value().validate('123e4567-e89b-12d3-a456-426614174000').hasValue()")]
    public void Library_expression_is_true(string expr) => Assert.Equal(true, Eval(expr));

    [Theory]
    [InlineData("'abc'.substring(2, 1) == ''", "invalid substring range")]
    [InlineData("'abc'.substring(4) == ''", "index out of range: 4")]
    [InlineData("[].min() == 0", "min called on empty list")]
    [InlineData("url('not a url') == url('x')", "URL parse error")]
    [InlineData("ip('1.2.3') == ip('1.2.3.4')", "parse error")]
    [InlineData("quantity('1.5').asInteger() == 1", "cannot convert value to integer")]
    [InlineData("'a'.matches(self)", "error parsing regexp")]
    public void Library_error_is_reported(string expr, string error)
    {
        var e = Assert.Throws<CelError>(() => Eval(expr, "\"(?<=x)\""));
        Assert.Contains(error, e.Message);
    }

    [Theory]
    [InlineData("^a$", @"^a\z")]
    [InlineData(@"\d+\s\w", @"[0-9]+[\t\n\f\r ][0-9A-Za-z_]")]
    [InlineData(@"[\d.]", @"[0-9.]")]
    [InlineData("(?P<x>a)", "(?<x>a)")]
    [InlineData(@"\x{41}", @"\u0041")]
    public void Re2_patterns_are_translated_to_dotnet(string re2, string dotnet) =>
        Assert.Equal(dotnet, Re2Regex.Translate(re2).Pattern);
}
