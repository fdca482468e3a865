using System.Text.Json.Nodes;
using Graylane.LocalCluster.Validation.Cel;
using Graylane.LocalCluster.Validation.Cel.Runtime;
using Graylane.LocalCluster.Validation.Cel.Schema;
using Graylane.LocalCluster.Validation.Cel.Syntax;

namespace Graylane.LocalCluster.Tests.Cel;

/// <summary>The CEL evaluator against the language spec's semantics: literals, operators, error absorption, macros, optionals.</summary>
public sealed class CelExpressionTests
{
    internal static object? Eval(string expr, string selfJson = "null")
    {
        var program = CelCompiler.Compile(expr, "self");
        return program.Eval(new Dictionary<string, object?> { ["self"] = CelJsonValues.From(JsonNode.Parse(selfJson), null) });
    }

    [Theory]
    [InlineData("1 + 2 * 3 == 7")]
    [InlineData("-9223372036854775808 < 0")]
    [InlineData("0x10 == 16")]
    [InlineData("7 / 2 == 3 && 7 % 2 == 1 && -7 / 2 == -3")]
    [InlineData("1u + 2u == 3u")]
    [InlineData("1 == 1.0 && 1 == 1u")]
    [InlineData("2.5 > 2 && 3u > 2")]
    [InlineData("'abc' < 'abd' && b'a' < b'b'")]
    [InlineData("r\"\"\"a\\d\"\"\" == 'a\\\\d'")]
    [InlineData("'''multi\nline''' == \"multi\\nline\"")]
    [InlineData("'\\u00e9' == 'é' && size('é') == 1 && size(b'\\xc3\\xa9') == 2")]
    [InlineData("[1, 2] + [3] == [1, 2, 3] && {'a': 1} == {'a': 1}")]
    [InlineData("'*' in ['*', 'a'] && 'a' in {'a': 1} && !(2 in [1])")]
    [InlineData("(true ? 1 : 1 / 0) == 1 && (false ? 1 / 0 : 2) == 2")]
    [InlineData("(true || 1 / 0 == 1) && (1 / 0 == 1 || true) && !(false && 1 / 0 == 1) && !(1 / 0 == 1 && false)")]
    [InlineData("[1, 2, 3].all(x, x > 0) && [1, 2, 3].exists(x, x == 2) && [1, 2, 3].exists_one(x, x > 2)")]
    [InlineData("[0, 1].exists(x, 1 / x == 1) && ![0, 1].all(x, 1 / x == 0)")]
    [InlineData("[1, 2, 3].map(x, x * 2) == [2, 4, 6] && [1, 2, 3].filter(x, x > 1) == [2, 3] && [1, 2, 3].map(x, x > 1, x * 10) == [20, 30]")]
    [InlineData("{'a': 1, 'b': 2}.all(k, k in ['a', 'b']) && {'a': 1}.map(k, k + 'x') == ['ax']")]
    [InlineData("[10, 20].all(i, v, v == (i + 1) * 10) && {'a': 'a'}.exists(k, v, k == v)")]
    [InlineData("cel.bind(x, 'abc', x.size() + x.size()) == 6")]
    [InlineData("int('42') == 42 && uint(3) == 3u && double(2) == 2.0 && string(12) == '12' && string(1.5) == '1.5' && bool('true')")]
    [InlineData("type(1) == int && type('a') == string && type([]) == list")]
    [InlineData("duration('1h30m') == duration('90m') && duration('1ms') < duration('1s') && string(duration('1m30s')) == '90s'")]
    [InlineData("timestamp('2024-01-02T03:04:05Z').getFullYear() == 2024 && timestamp('2024-01-02T03:04:05Z') + duration('1h') > timestamp('2024-01-02T03:04:05Z')")]
    [InlineData("optional.of(1).hasValue() && !optional.none().hasValue() && optional.none().orValue(5) == 5 && optional.of(2).value() == 2")]
    [InlineData("{'a': 1}.?a.orValue(0) == 1 && {'a': 1}.?b.orValue(0) == 0 && [1][?3].orValue(9) == 9")]
    [InlineData("[?optional.none(), ?optional.of(1)] == [1] && {?'a': optional.none(), 'b': 2} == {'b': 2}")]
    [InlineData("'abc'.matches('^a.c$') && !'a\\nb'.matches('^a.b$') && matches('x1', '[0-9]')")]
    public void Expression_is_true(string expr) => Assert.Equal(true, Eval(expr));

    [Theory]
    [InlineData("1 / 0 == 1", "division by zero")]
    [InlineData("9223372036854775807 + 1 > 0", "integer overflow")]
    [InlineData("{'a': 1}.b == 1", "no such key: b")]
    [InlineData("[1][2] == 1", "index out of bounds: 2")]
    [InlineData("1 + 1u == 2", "no such overload")]
    [InlineData("[0, 1].all(x, 1 / x == 1)", "division by zero")]
    [InlineData("optional.none().value() == 1", "optional.none() dereference")]
    [InlineData("duration('1d') > duration('1s')", "type conversion error from 'string' to 'google.protobuf.Duration'")]
    [InlineData("int('x1') == 1", "type conversion error from 'string' to 'int'")]
    [InlineData("{'a': 1, 'a': 2}.size() == 1", "repeated key")]
    public void Expression_fails_with_error(string expr, string error)
    {
        var e = Assert.Throws<CelError>(() => Eval(expr));
        Assert.Contains(error, e.Message);
    }

    [Theory]
    [InlineData("1 +", "Syntax error")]
    [InlineData("a.b", "undeclared reference to 'a'")]
    [InlineData("has(self)", "invalid argument to has() macro")]
    [InlineData("self.namespace == 1", "reserved identifier")]
    [InlineData("'a'.contains('a', 'b')", "found no matching overload for 'contains'")]
    [InlineData("'a'.matches('(?=a)')", "compilation failed: error parsing regexp")]
    [InlineData("'a'.matches('(a)\\\\1')", "invalid escape sequence")]
    public void Bad_expression_is_a_compile_error(string expr, string error)
    {
        var e = Assert.Throws<CelSyntaxException>(() => CelCompiler.Compile(expr, "self"));
        Assert.Contains(error, e.Message);
    }

    [Fact]
    public void Function_the_evaluator_does_not_have_is_reported_as_unsupported_not_as_an_error()
    {
        var e = Assert.Throws<CelUnsupportedException>(() => CelCompiler.Compile("self.frobnicate()", "self"));
        Assert.Contains("frobnicate", e.Message);
    }

    [Fact]
    public void Schema_objects_use_escaped_property_names_and_typed_fields()
    {
        var schema = (JsonObject)JsonNode.Parse("""
            {"type":"object","properties":{
              "namespace":{"type":"string"},"x-y":{"type":"string"},"a.b":{"type":"string"},"a__b":{"type":"string"},
              "ratio":{"type":"number"},"count":{"type":"integer"},"labels":{"type":"object","additionalProperties":{"type":"string"}}}}
            """)!;
        var self = CelJsonValues.From(JsonNode.Parse("""
            {"namespace":"ns","x-y":"dash","a.b":"dot","a__b":"under","ratio":2,"count":3,"labels":{"app.kubernetes.io/name":"web"}}
            """), schema);
        var vars = new Dictionary<string, object?> { ["self"] = self };
        Assert.Equal(true, CelCompiler.Compile(
            "self.__namespace__ == 'ns' && self.x__dash__y == 'dash' && self.a__dot__b == 'dot' && self.a__underscores__b == 'under'",
            "self").Eval(vars));
        Assert.Equal(true, CelCompiler.Compile("type(self.ratio) == double && type(self.count) == int", "self").Eval(vars));
        Assert.Equal(true, CelCompiler.Compile("self.labels['app.kubernetes.io/name'] == 'web' && !has(self.labels.missing)", "self").Eval(vars));
    }
}
