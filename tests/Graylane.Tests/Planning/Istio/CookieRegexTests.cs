using System.Text.RegularExpressions;
using Graylane.Core.Planning.Istio;

namespace Graylane.Tests.Planning.Istio;

/// <summary>The cookie-header regexes, run as Envoy runs them: RE2-compatible, matched against the whole header.</summary>
public class CookieRegexTests
{
    private static bool Matches(string match, string cookieHeader)
    {
        var rules = MatchParser.Parse(match);
        var regex = (string)IstioMatch.Entry(rules)["headers"]!["cookie"]!["regex"]!;
        Assert.Null(IstioRegex.Problem(regex)); // what Graylane writes passes its own RE2 check
        return Regex.IsMatch(cookieHeader, $"^(?:{regex})$");
    }

    [Fact]
    public void Exact_cookie_is_written_the_way_istio_users_write_it()
    {
        var regex = (string)MatchParser.Parse("cookie:user=qa.1")[0].ToIstio()["headers"]!["cookie"]!["regex"]!;
        Assert.Equal(@"^(.*?;\s*)?(user=qa\.1)(;.*)?$", regex);
    }

    [Theory]
    [InlineData("user=qa", true)]
    [InlineData("a=1; user=qa", true)]
    [InlineData("a=1;user=qa; b=2", true)]
    [InlineData("user=qa2", false)]
    [InlineData("xuser=qa", false)]
    [InlineData("a=user=qa", false)]
    [InlineData("a=1; user=qb", false)]
    [InlineData("", false)]
    public void Exact(string header, bool expected) => Assert.Equal(expected, Matches("cookie:user=qa", header));

    [Theory]
    [InlineData("user=qa-7", true)]
    [InlineData("sid=9; user=qa-ops; lang=zh", true)]
    [InlineData("user=qb-7", false)]
    [InlineData("user=x; note=qa-7", false)]
    public void Prefix(string header, bool expected) => Assert.Equal(expected, Matches("cookie:user^=qa-", header));

    [Theory]
    [InlineData("cookie:user~qa-.*", "user=qa-1", true)]
    [InlineData("cookie:user~^qa-.*$", "lang=zh; user=qa-1", true)] // ^ and $ are implied: Istio regexes match the whole value
    [InlineData("cookie:user~^qa-", "user=qa-1", false)]
    [InlineData("cookie:user~^qa-", "user=qa-", true)]
    [InlineData("cookie:user~.*admin", "user=superadmin", true)]
    [InlineData("cookie:user~.*admin", "user=bob; role=admin", false)] // '.' may not run into the next cookie
    [InlineData("cookie:user~\\S+", "user=bob; role=admin", true)]
    [InlineData("cookie:user~\\S+n", "user=bob; role=admin", false)]
    [InlineData("cookie:user~[^x]+", "user=ab; c=x", true)]
    [InlineData("cookie:user~[^x]+", "user=ax", false)]
    [InlineData("cookie:user~bob|alice", "user=alice", true)]
    [InlineData("cookie:user~bob|alice", "user=eve; x=alice", false)]
    public void Regex_is_confined_to_one_cookie_value(string match, string header, bool expected) =>
        Assert.Equal(expected, Matches(match, header));

    [Theory]
    [InlineData("user=qa; env=beta", true)]
    [InlineData("env=beta; a=1; user=qa", true)]
    [InlineData("env=beta;user=qa", true)]
    [InlineData("user=qa", false)]
    [InlineData("env=beta", false)]
    [InlineData("user=qa; env=prod", false)]
    public void Two_cookies_in_one_match_must_both_hold_in_any_order(string header, bool expected) =>
        Assert.Equal(expected, Matches("cookie:user=qa,cookie:env^=be", header));

    [Theory]
    [InlineData("c=3; a=1; b=2", true)]
    [InlineData("b=2; x=0; c=3; a=1", true)]
    [InlineData("a=1; c=3", false)]
    public void Three_cookies(string header, bool expected) =>
        Assert.Equal(expected, Matches("cookie:a=1,cookie:b=2,cookie:c=3", header));

    [Fact]
    public void Cookie_and_header_rules_combine_in_one_entry()
    {
        var entry = IstioMatch.Entry(MatchParser.Parse("cookie:user=qa,header:x-env=staging"));
        Assert.Equal("staging", (string?)entry["headers"]!["x-env"]!["exact"]);
        Assert.NotNull(entry["headers"]!["cookie"]);
    }
}
