using Graylane.LocalCluster.Validation.Cel.Library;
using Graylane.LocalCluster.Validation.Cel.Runtime;
using Graylane.LocalCluster.Validation.Cel.Syntax;

namespace Graylane.LocalCluster.Validation.Cel;

/// <summary>A rule or message expression ready to run: parsed, macros expanded, every call bound to a function.</summary>
internal sealed record CelProgram(string Source, CelExpr Root, IReadOnlySet<string> UsedVariables)
{
    public object? Eval(IReadOnlyDictionary<string, object?> variables) => CelInterpreter.Eval(Root, new Activation(variables));
}

/// <summary>
/// Parses and checks a CEL expression against the declared variables and the function table: an undeclared
/// identifier or a wrong argument count is a compile error (the real server refuses the CRD), a function this
/// evaluator does not have is <see cref="CelUnsupportedException"/>. Constant regex patterns are checked here too.
/// </summary>
internal sealed class CelCompiler(CelFunctionTable functions, IReadOnlySet<string> variables)
{
    public static CelProgram Compile(string source, params string[] variables) =>
        new CelCompiler(CelFunctionTable.Kubernetes, variables.ToHashSet()).Compile(source);

    public CelProgram Compile(string source)
    {
        var used = new HashSet<string>();
        var root = Bind(CelParser.Parse(source), variables, used);
        return new CelProgram(source, root, used);
    }

    private CelExpr Bind(CelExpr e, IReadOnlySet<string> scope, HashSet<string> used)
    {
        CelExpr B(CelExpr x) => Bind(x, scope, used);
        switch (e)
        {
            case LiteralExpr: return e;
            case IdentExpr id:
                if (scope.Contains(id.Name))
                {
                    if (variables.Contains(id.Name)) used.Add(id.Name);
                    return e;
                }
                if (CelType.Named.TryGetValue(id.Name, out var type)) return new TypeLiteralExpr(type);
                throw new CelSyntaxException($"undeclared reference to '{id.Name}'");
            case SelectExpr s:
                if (QualifiedName(s) is { } qualified && !scope.Contains(RootName(s)) && CelType.Named.TryGetValue(qualified, out var qt))
                    return new TypeLiteralExpr(qt);
                return s with { Operand = B(s.Operand) };
            case IndexExpr ix: return ix with { Operand = B(ix.Operand), Key = B(ix.Key) };
            case LogicalExpr lg: return lg with { Left = B(lg.Left), Right = B(lg.Right) };
            case ConditionalExpr c: return new ConditionalExpr(B(c.Condition), B(c.Then), B(c.Else));
            case ListExpr l: return l with { Elements = l.Elements.Select(B).ToList() };
            case MapExpr m: return new MapExpr(m.Entries.Select(x => new MapEntry(B(x.Key), B(x.Value), x.Optional)).ToList());
            case ComprehensionExpr comp:
            {
                var inner = new HashSet<string>(scope) { comp.ValueVar };
                if (comp.IndexVar is not null) inner.Add(comp.IndexVar);
                return comp with
                {
                    Range = B(comp.Range),
                    Body = Bind(comp.Body, inner, used),
                    Filter = comp.Filter is null ? null : Bind(comp.Filter, inner, used),
                };
            }
            case BindExpr bind:
                return bind with { Init = B(bind.Init), Body = Bind(bind.Body, new HashSet<string>(scope) { bind.Name }, used) };
            case CallExpr call: return BindCall(call, scope, used);
            default: throw new CelSyntaxException($"unexpected expression {e.GetType().Name}");
        }
    }

    private CelExpr BindCall(CallExpr call, IReadOnlySet<string> scope, HashSet<string> used)
    {
        // "optional.none()", "sets.contains(…)": a call on a dotted name that is not a variable is a namespaced function.
        if (call.Target is { } target && QualifiedName(target) is { } ns && !scope.Contains(RootName(target)))
        {
            var qualified = $"{ns}.{call.Function}";
            var fq = functions.Find(qualified, false, call.Args.Count);
            if (fq is not null) return Bound(fq, call.Args, scope, used);
            if (functions.Knows(qualified)) throw Arity(qualified, call.Args.Count);
            throw new CelUnsupportedException($"undeclared reference to '{qualified}' (function not implemented by the local cluster)");
        }
        var receiver = call.Target is not null;
        var args = receiver ? new[] { call.Target! }.Concat(call.Args).ToList() : call.Args.ToList();
        // Arguments first, so the innermost function that is missing is the one reported.
        var bound = args.Select(a => Bind(a, scope, used)).ToList();
        var f = functions.Find(call.Function, receiver, args.Count);
        if (f is null)
        {
            if (functions.Knows(call.Function)) throw Arity(call.Function, call.Args.Count);
            throw new CelUnsupportedException($"undeclared reference to '{call.Function}' (function not implemented by the local cluster)");
        }
        CheckConstantRegex(f, args);
        return new BoundCallExpr(f, bound);
    }

    private BoundCallExpr Bound(CelFunction f, IReadOnlyList<CelExpr> args, IReadOnlySet<string> scope, HashSet<string> used) =>
        new(f, args.Select(a => Bind(a, scope, used)).ToList());

    private static CelSyntaxException Arity(string name, int count) =>
        new($"found no matching overload for '{name}' applied to {count} argument(s)");

    /// <summary>cel-go compiles a constant pattern with the rule: an invalid RE2 pattern fails the CRD, not the object.</summary>
    private static void CheckConstantRegex(CelFunction f, IReadOnlyList<CelExpr> args)
    {
        if (f.Name is not ("matches" or "find" or "findAll") || args.Count < 2 || args[1] is not LiteralExpr { Value: string pattern }) return;
        try { Re2Regex.Get(pattern); }
        catch (CelError e) { throw new CelSyntaxException($"compilation failed: {e.Message}"); }
    }

    private static string? QualifiedName(CelExpr e) => e switch
    {
        IdentExpr id => id.Name,
        SelectExpr { TestOnly: false, Optional: false } s when QualifiedName(s.Operand) is { } prefix => $"{prefix}.{s.Field}",
        _ => null,
    };

    private static string RootName(CelExpr e) => e switch
    {
        IdentExpr id => id.Name,
        SelectExpr s => RootName(s.Operand),
        _ => "",
    };
}
