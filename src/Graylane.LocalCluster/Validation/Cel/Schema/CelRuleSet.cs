using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Graylane.LocalCluster.Validation.Cel.Syntax;

namespace Graylane.LocalCluster.Validation.Cel.Schema;

/// <summary>One x-kubernetes-validations entry, compiled once.</summary>
internal sealed record CelRule(
    string Rule,
    string? Message,
    string? MessageExpression,
    string? Reason,
    string? FieldPath,
    bool OptionalOldSelf,
    CelProgram? Program,
    CelProgram? MessageProgram,
    string? CompileError,
    string? Unsupported)
{
    public bool UsesOldSelf => Program?.UsedVariables.Contains("oldSelf") == true;

    /// <summary>The real server's ruleErrorString: the message if there is one, else the rule.</summary>
    public string ErrorString => string.IsNullOrWhiteSpace(Message) ? Rule.Trim() : Message.Trim();
}

/// <summary>
/// The compiled rules of one CRD version's schema, keyed by the schema node they sit on. Built on first use and
/// cached per schema object (a served CRD version keeps its schema object), so each rule compiles once.
/// </summary>
internal sealed class CelRuleSet
{
    private static readonly ConditionalWeakTable<JsonObject, CelRuleSet> Cache = new();
    private static readonly string[] Variables = ["self", "oldSelf"];

    private readonly Dictionary<JsonObject, IReadOnlyList<CelRule>> _rules = new(ReferenceEqualityComparer.Instance);

    private CelRuleSet(JsonObject root) => Collect(root);

    public static CelRuleSet For(JsonObject schema) => Cache.GetValue(schema, s => new CelRuleSet(s));

    public bool IsEmpty => _rules.Count == 0;

    public IReadOnlyList<CelRule> At(JsonObject schemaNode) => _rules.GetValueOrDefault(schemaNode) ?? [];

    public IEnumerable<CelRule> All => _rules.Values.SelectMany(r => r);

    private void Collect(JsonObject node)
    {
        if (node["x-kubernetes-validations"] is JsonArray rules && rules.Count > 0)
            _rules[node] = rules.OfType<JsonObject>().Select(Compile).ToList();
        if (node["properties"] is JsonObject props)
            foreach (var (_, child) in props) if (child is JsonObject c) Collect(c);
        if (node["additionalProperties"] is JsonObject additional) Collect(additional);
        if (node["items"] is JsonObject items) Collect(items);
    }

    public static CelRule Compile(JsonObject entry)
    {
        var rule = (string?)entry["rule"] ?? "";
        var message = (string?)entry["message"];
        var messageExpression = (string?)entry["messageExpression"];
        CelProgram? program = null, messageProgram = null;
        string? compileError = null, unsupported = null;
        try
        {
            program = CelCompiler.Compile(rule, Variables);
            if (!string.IsNullOrWhiteSpace(messageExpression)) messageProgram = CelCompiler.Compile(messageExpression, Variables);
        }
        catch (CelSyntaxException e) { compileError = e.Message; }
        catch (CelUnsupportedException e) { unsupported = e.Message; }
        return new CelRule(rule, message, messageExpression, (string?)entry["reason"], (string?)entry["fieldPath"],
            (bool?)entry["optionalOldSelf"] == true, program, messageProgram, compileError, unsupported);
    }
}
