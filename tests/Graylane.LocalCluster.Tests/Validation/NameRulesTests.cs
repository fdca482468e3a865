using Graylane.LocalCluster.Validation;

namespace Graylane.LocalCluster.Tests.Validation;

/// <summary>
/// Names, label keys and values end where the text ends: Go's `$` (RE2) matches only there, while .NET's also matches
/// before a final newline, so "web\n" must be refused as the real server refuses it.
/// </summary>
public sealed class NameRulesTests
{
    [Theory]
    [InlineData("web")]
    [InlineData("web-1.example")]
    public void Valid_names_pass(string name)
    {
        Assert.Empty(NameRules.Dns1123Subdomain(name));
        Assert.Empty(NameRules.QualifiedName(name));
        Assert.Empty(NameRules.LabelValue(name));
    }

    [Theory]
    [InlineData("web\n")]
    [InlineData("web\r\n")]
    [InlineData("\nweb")]
    public void A_trailing_or_leading_newline_is_refused_by_every_rule(string name)
    {
        Assert.NotEmpty(NameRules.Dns1123Subdomain(name));
        Assert.NotEmpty(NameRules.Dns1123Label(name));
        Assert.NotEmpty(NameRules.Dns1035Label(name));
        Assert.NotEmpty(NameRules.QualifiedName(name));
        Assert.NotEmpty(NameRules.QualifiedName("example.com/" + name));
        Assert.NotEmpty(NameRules.LabelValue(name));
    }

    [Fact]
    public async Task An_object_named_with_a_trailing_newline_is_422()
    {
        await using var c = await TestCluster.StartAsync();
        var (code, status) = await c.SendJsonAsync(HttpMethod.Post, "/api/v1/namespaces/default/configmaps",
            """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"web\n","labels":{"app":"web\n"}}}""");

        Assert.Equal(422, code);
        Assert.StartsWith("ConfigMap \"web\\n\" is invalid: [metadata.name: Invalid value: \"web\\n\": a lowercase RFC 1123 subdomain", (string?)status["message"]);
        Assert.Contains("metadata.labels: Invalid value: \"web\\n\": a valid label must be", (string?)status["message"]);
    }
}
