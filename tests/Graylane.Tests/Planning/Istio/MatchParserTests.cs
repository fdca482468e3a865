using System.Text.Json.Nodes;
using Graylane.Core.Planning.Istio;
using Graylane.Core.Validation;

namespace Graylane.Tests.Planning.Istio;

public class MatchParserTests
{
    [Theory]
    [InlineData("header:x-canary=true", MatchKind.Header, "x-canary", MatchOperator.Exact, "true")]
    [InlineData("query:name=xiaoming", MatchKind.Query, "name", MatchOperator.Exact, "xiaoming")]
    [InlineData("cookie:user~qa-.*", MatchKind.Cookie, "user", MatchOperator.Regex, "qa-.*")]
    [InlineData("cookie:user^=qa-", MatchKind.Cookie, "user", MatchOperator.Prefix, "qa-")]
    [InlineData("Header:X-Canary = yes ", MatchKind.Header, "x-canary", MatchOperator.Exact, "yes")]
    [InlineData("header:user-agent~.*(Android|iPhone).*", MatchKind.Header, "user-agent", MatchOperator.Regex, ".*(Android|iPhone).*")]
    [InlineData("header:x-ids~[0-9]{1,3}", MatchKind.Header, "x-ids", MatchOperator.Regex, "[0-9]{1,3}")]
    [InlineData("header:x-cmd=$(curl evil.example)", MatchKind.Header, "x-cmd", MatchOperator.Exact, "$(curl evil.example)")]
    [InlineData("query:q=a=b", MatchKind.Query, "q", MatchOperator.Exact, "a=b")]
    public void Parses_single_rules(string text, MatchKind kind, string name, MatchOperator op, string value)
    {
        var rule = Assert.Single(MatchParser.Parse(text));
        Assert.Equal(new MatchRule(kind, name, op, value), rule);
    }

    [Theory]
    [InlineData("header:x-canary=true,query:debug=1")]
    [InlineData("header:x-canary=true && query:debug=1")]
    [InlineData("header:x-canary=true, query:debug=1")]
    public void Comma_and_double_ampersand_join_rules_that_must_all_hold(string text)
    {
        var rules = MatchParser.Parse(text);
        Assert.Equal(["header:x-canary=true", "query:debug=1"], rules.Select(r => r.ToString()));
    }

    [Fact]
    public void A_comma_inside_a_value_or_regex_does_not_split()
    {
        var rules = MatchParser.Parse("header:x-ids~[0-9]{1,3},header:accept=text/html,application/json");
        Assert.Equal(["header:x-ids~[0-9]{1,3}", "header:accept=text/html,application/json"], rules.Select(r => r.ToString()));
    }

    [Theory]
    [InlineData("", "is empty")]
    [InlineData("x-canary=true", "without a kind")]
    [InlineData("body:x=1", "unknown kind \"body\"")]
    [InlineData("header:x-canary", "without =, ^= or ~")]
    [InlineData("header:a\nb=1", "control character")]
    [InlineData("header:x=1\r\nx-injected: 1", "control character")]
    [InlineData("header:x=\u0000", "control character")]
    [InlineData("$(curl evil.example)", "without a kind")]
    [InlineData("header:$(id)=1", "not an HTTP token")]
    [InlineData("header:x y=1", "not an HTTP token")]
    [InlineData("header::authority=shop.example.com", "pseudo-header :authority")]
    [InlineData("header:cookie=a", "use cookie:NAME")]
    [InlineData("header:=1", "without a name")]
    [InlineData("header:x=", "no value")]
    [InlineData("query:a b=1", "with a space")]
    [InlineData("cookie:user=a b", "not allowed in cookie values")]
    [InlineData("cookie:user=a;admin=1", "not allowed in cookie values")]
    [InlineData("cookie:us er=1", "not an HTTP token")]
    [InlineData("header:x~(?=admin).*", "lookaround")]
    [InlineData("header:x~(?<!a)b", "lookaround")]
    [InlineData("header:x~(a)\\1", "backreference")]
    [InlineData("header:x~(?>a+)b", "atomic group")]
    [InlineData("header:x~(?<id>a)", "named group")]
    [InlineData("header:x~(?x)a b", "inline option 'x'")]
    [InlineData("header:x~a{1001}", "more than 1000")]
    [InlineData("header:x~[[:alpha:]]+", "POSIX class")]
    [InlineData("header:x~(unclosed", "not a valid regular expression")]
    [InlineData("header:x~a\\Z", "\\Z")]
    [InlineData("cookie:user~.*;admin", "contains ';'")]
    [InlineData("cookie:user~a$|b", "only allowed at the very start and end")]
    [InlineData("cookie:user~[!-~]+", "includes ';'")]
    [InlineData("cookie:user~\\x3b", "\\x")]
    public void Rejects_bad_rules_naming_the_flag_and_showing_examples(string text, string problem)
    {
        var e = Assert.Throws<InvalidInputException>(() => MatchParser.Parse(text));
        Assert.Equal("match", e.Input);
        Assert.Contains(problem, e.Message);
        Assert.StartsWith("--match \"", e.Message);
        Assert.Contains("header:x-canary=true", e.Message); // the valid example
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void Rejects_overlong_and_overfull_texts()
    {
        Assert.Contains("longer than", Assert.Throws<InvalidInputException>(() => MatchParser.Parse("header:x=" + new string('a', 3000))).Message);
        Assert.Contains("longer than", Assert.Throws<InvalidInputException>(() => MatchParser.Parse("header:x=" + new string('a', 600))).Message);
        var nine = string.Join(",", Enumerable.Range(1, 9).Select(i => $"header:h{i}=1"));
        Assert.Contains("more than 8 rules", Assert.Throws<InvalidInputException>(() => MatchParser.Parse(nine)).Message);
    }

    [Fact]
    public void Header_and_query_rules_become_istio_string_matches()
    {
        Assert.Equal("""{"headers":{"x-canary":{"exact":"true"}}}""", MatchParser.Parse("header:x-canary=true")[0].ToIstio().ToJsonString());
        Assert.Equal("""{"headers":{"x-env":{"prefix":"stag"}}}""", MatchParser.Parse("header:x-env^=stag")[0].ToIstio().ToJsonString());
        Assert.Equal("""{"queryParams":{"name":{"exact":"xiaoming"}}}""", MatchParser.Parse("query:name=xiaoming")[0].ToIstio().ToJsonString());
        // Istio has no prefix match for query parameters: the prefix becomes an escaped regex.
        Assert.Equal("""{"queryParams":{"v":{"regex":"1\\.2.*"}}}""", MatchParser.Parse("query:v^=1.2")[0].ToIstio().ToJsonString());
    }

    [Fact]
    public void Rules_of_one_match_merge_into_one_entry()
    {
        var entry = IstioMatch.Entry(MatchParser.Parse("header:x-canary=true,query:debug=1,cookie:user=qa"));
        Assert.Equal("true", (string?)entry["headers"]!["x-canary"]!["exact"]);
        Assert.Equal("1", (string?)entry["queryParams"]!["debug"]!["exact"]);
        Assert.NotNull(entry["headers"]!["cookie"]!["regex"]);
    }

    [Fact]
    public void Repeated_matches_become_alternative_entries()
    {
        var entries = IstioMatch.Entries([MatchParser.Parse("header:x-canary=true"), MatchParser.Parse("query:name=xiaoming")]);
        Assert.Equal(2, entries.Count);
        Assert.True(JsonNode.DeepEquals(J("{'headers':{'x-canary':{'exact':'true'}}}"), entries[0]));
        Assert.True(JsonNode.DeepEquals(J("{'queryParams':{'name':{'exact':'xiaoming'}}}"), entries[1]));
    }

    [Theory]
    [InlineData("header:x=1,header:x=2", "header x twice")]
    [InlineData("query:a=1,query:a^=2", "query parameter a twice")]
    [InlineData("cookie:u=1,cookie:u=2", "one cookie twice")]
    [InlineData("cookie:a=1,cookie:b=2,cookie:c=3,cookie:d=4", "more than 3 cookies")]
    public void Conflicting_rules_in_one_match_are_refused(string text, string problem)
    {
        var e = Assert.Throws<InvalidInputException>(() => IstioMatch.Entry(MatchParser.Parse(text)));
        Assert.Equal("match", e.Input);
        Assert.Contains(problem, e.Message);
    }

    private static JsonNode J(string json) => Support.J.O(json);
}
