using Graylane.LocalCluster.Validation.Cel.Syntax;

namespace Graylane.LocalCluster.Validation.Cel.Runtime;

/// <summary>
/// Evaluates a compiled (bound) expression. Errors are CelError exceptions; &&, ||, all() and exists() absorb an
/// error when the other side decides the result, as the spec's commutative logic requires.
/// </summary>
internal static class CelInterpreter
{
    public static object? Eval(CelExpr expr, Activation act)
    {
        switch (expr)
        {
            case LiteralExpr l: return l.Value;
            case TypeLiteralExpr t: return t.Type;
            case IdentExpr id:
                return act.TryGet(id.Name, out var v) ? v : throw new CelError($"undeclared reference to '{id.Name}'");
            case SelectExpr s: return Select(s, act);
            case IndexExpr ix: return Index(Eval(ix.Operand, act), Eval(ix.Key, act), ix.Optional);
            case BoundCallExpr call: return Call(call, act);
            case LogicalExpr lg: return Logical(lg, act);
            case ConditionalExpr c:
                return CelValues.AsBool(Eval(c.Condition, act), "_?_:_") ? Eval(c.Then, act) : Eval(c.Else, act);
            case ListExpr list: return List(list, act);
            case MapExpr map: return Map(map, act);
            case ComprehensionExpr comp: return Comprehension(comp, act);
            case BindExpr bind: return Eval(bind.Body, act.With(bind.Name, Eval(bind.Init, act)));
            case CallExpr unbound: throw new CelError($"unbound function {unbound.Function}");
            default: throw new CelError($"unknown expression {expr.GetType().Name}");
        }
    }

    private static object? Call(BoundCallExpr call, Activation act)
    {
        var args = new object?[call.Args.Count];
        for (var i = 0; i < args.Length; i++) args[i] = Eval(call.Args[i], act);
        return call.Function.Invoke(args);
    }

    private static object? Select(SelectExpr s, Activation act)
    {
        var operand = Eval(s.Operand, act);
        if (s.Optional)
        {
            if (operand is CelOptional o)
            {
                if (!o.HasValue) return CelOptional.None;
                operand = o.Value;
            }
            return operand is ICelMap om && om.TrySelect(s.Field, out var ov) ? CelOptional.Of(ov)
                : operand is ICelMap ? CelOptional.None
                : throw CelError.NoSuchOverload("_?._", operand);
        }
        if (operand is CelOptional opt)
        {
            // Field selection on an optional yields an optional (cel-go's optional chaining).
            if (!opt.HasValue) return s.TestOnly ? false : CelOptional.None;
            if (opt.Value is not ICelMap inner) throw CelError.NoSuchOverload("_._", opt.Value);
            if (s.TestOnly) return inner.TrySelect(s.Field, out _);
            return inner.TrySelect(s.Field, out var iv) ? CelOptional.Of(iv) : CelOptional.None;
        }
        if (operand is not ICelMap m)
            throw new CelError(s.TestOnly
                ? $"invalid type for field selection: {CelValues.TypeName(operand)}"
                : $"type '{CelValues.TypeName(operand)}' does not support field selection");
        if (s.TestOnly) return m.TrySelect(s.Field, out _);
        return m.TrySelect(s.Field, out var value) ? value : throw CelError.NoSuchKey(s.Field);
    }

    public static object? Index(object? operand, object? key, bool optional)
    {
        if (operand is CelOptional opt)
        {
            if (!opt.HasValue) return CelOptional.None;
            operand = opt.Value;
            optional = true;
        }
        switch (operand)
        {
            case IReadOnlyList<object?> list:
                var i = key switch
                {
                    long l => l,
                    ulong u when u <= long.MaxValue => (long)u,
                    double d when d == Math.Floor(d) && Math.Abs(d) < 9e18 => (long)d,
                    _ => throw CelError.NoSuchOverload("_[_]", operand, key),
                };
                if (i < 0 || i >= list.Count)
                    return optional ? CelOptional.None : throw new CelError($"index out of bounds: {i}");
                return optional ? CelOptional.Of(list[(int)i]) : list[(int)i];
            case ICelMap map:
                if (map.TryGetValue(key, out var v)) return optional ? CelOptional.Of(v) : v;
                return optional ? CelOptional.None : throw CelError.NoSuchKey(key);
            default:
                throw CelError.NoSuchOverload("_[_]", operand, key);
        }
    }

    private static object Logical(LogicalExpr lg, Activation act)
    {
        // The left side decides when it can; otherwise its error waits for the right side (commutative logic).
        var decisive = !lg.IsAnd;
        CelError? error = null;
        object? left = null;
        try { left = Eval(lg.Left, act); }
        catch (CelError e) { error = e; }
        if (left is bool lb && lb == decisive) return decisive;
        object? right;
        try { right = Eval(lg.Right, act); }
        catch (CelError) when (error is not null) { throw error; }
        if (right is bool rb)
        {
            if (rb == decisive) return decisive;
            if (error is not null) throw error;
            if (left is bool) return !decisive;
        }
        if (error is not null) throw error;
        throw CelError.NoSuchOverload(lg.IsAnd ? "_&&_" : "_||_", left, right);
    }

    private static IReadOnlyList<object?> List(ListExpr list, Activation act)
    {
        var result = new List<object?>(list.Elements.Count);
        for (var i = 0; i < list.Elements.Count; i++)
        {
            var v = Eval(list.Elements[i], act);
            if (list.OptionalElements[i])
            {
                if (v is not CelOptional o) throw CelError.NoSuchOverload("optional list element", v);
                if (o.HasValue) result.Add(o.Value);
            }
            else result.Add(v);
        }
        return result;
    }

    private static ICelMap Map(MapExpr map, Activation act)
    {
        var result = new CelMapValue();
        foreach (var entry in map.Entries)
        {
            var key = Eval(entry.Key, act);
            var value = Eval(entry.Value, act);
            if (entry.Optional)
            {
                if (value is not CelOptional o) throw CelError.NoSuchOverload("optional map entry", value);
                if (!o.HasValue) continue;
                value = o.Value;
            }
            result.Add(key, value);
        }
        return result;
    }

    private static object? Comprehension(ComprehensionExpr c, Activation act)
    {
        var range = Eval(c.Range, act);
        var items = range switch
        {
            IReadOnlyList<object?> list => list.Select((v, i) => ((object?)(long)i, v)),
            // One variable ranges over a map's keys; two get key and value.
            ICelMap map => map.Keys.Select(k => (k, c.IndexVar is null ? k : Index(map, k, false))),
            _ => throw new CelError($"expression of type '{CelValues.TypeName(range)}' cannot be range of a comprehension"),
        };

        Activation Bind((object? Index, object? Value) item) =>
            c.IndexVar is null ? act.With(c.ValueVar, item.Value) : act.With(c.IndexVar, item.Index).With(c.ValueVar, item.Value);

        switch (c.Kind)
        {
            case ComprehensionKind.All:
            case ComprehensionKind.Exists:
            {
                var decisive = c.Kind == ComprehensionKind.Exists;
                CelError? error = null;
                foreach (var item in items)
                {
                    try
                    {
                        if (CelValues.AsBool(Eval(c.Body, Bind(item)), c.Kind == ComprehensionKind.All ? "all" : "exists") == decisive)
                            return decisive;
                    }
                    catch (CelError e) { error ??= e; }
                }
                if (error is not null) throw error;
                return !decisive;
            }
            case ComprehensionKind.ExistsOne:
            {
                var count = 0;
                foreach (var item in items)
                    if (CelValues.AsBool(Eval(c.Body, Bind(item)), "exists_one")) count++;
                return count == 1;
            }
            case ComprehensionKind.Map:
            {
                var result = new List<object?>();
                foreach (var item in items)
                {
                    var a = Bind(item);
                    if (c.Filter is null || CelValues.AsBool(Eval(c.Filter, a), "map")) result.Add(Eval(c.Body, a));
                }
                return result;
            }
            case ComprehensionKind.Filter:
            {
                var result = new List<object?>();
                foreach (var item in items)
                    if (CelValues.AsBool(Eval(c.Body, Bind(item)), "filter")) result.Add(item.Item2);
                return result;
            }
            default:
                throw new CelError($"unknown comprehension {c.Kind}");
        }
    }
}
