using Graylane.LocalCluster.Validation.Cel.Runtime;

namespace Graylane.LocalCluster.Validation.Cel.Library;

/// <summary>
/// Kubernetes' list library (isSorted, sum, min, max, indexOf, lastIndexOf), cel-go's ext.Lists (slice, flatten,
/// distinct, reverse, sort, lists.range) and ext.Sets (sets.contains, sets.equivalent, sets.intersects).
/// </summary>
internal static class ListsLibrary
{
    public static void Register(CelFunctionTable t)
    {
        t.Member("isSorted", 0, a =>
        {
            var l = List(a, "isSorted");
            for (var i = 1; i < l.Count; i++) if (CelValues.Compare(l[i - 1], l[i], "isSorted") > 0) return false;
            return true;
        });
        t.Member("sum", 0, a => List(a, "sum").Aggregate((object?)null, (acc, x) => acc is null ? x : Sum(acc, x)) ?? 0L);
        t.Member("min", 0, a => Extreme(a, "min", c => c < 0));
        t.Member("max", 0, a => Extreme(a, "max", c => c > 0));
        t.Member("slice", 2, a =>
        {
            var l = List(a, "slice");
            long from = StandardLibrary.Int(a, 1, "slice"), to = StandardLibrary.Int(a, 2, "slice");
            if (from < 0 || to < 0 || from > to || to > l.Count) throw new CelError($"cannot slice({from}, {to}), list of size {l.Count}");
            return l.Skip((int)from).Take((int)(to - from)).ToList();
        });
        t.Member("flatten", 0, a => Flatten(List(a, "flatten"), 1));
        t.Member("flatten", 1, a => Flatten(List(a, "flatten"), StandardLibrary.Int(a, 1, "flatten")));
        t.Member("distinct", 0, a =>
        {
            var result = new List<object?>();
            foreach (var x in List(a, "distinct")) if (!result.Any(r => CelValues.Equal(r, x))) result.Add(x);
            return result;
        });
        t.Member("sort", 0, a =>
        {
            var copy = List(a, "sort").ToList();
            copy.Sort((x, y) => CelValues.Compare(x, y, "sort"));
            return copy;
        });
        t.Global("lists.range", 1, a => Enumerable.Range(0, (int)StandardLibrary.Int(a, 0, "lists.range")).Select(i => (object?)(long)i).ToList());
        t.Global("sets.contains", 2, a => List(a, "sets.contains", 1).All(y => List(a, "sets.contains").Any(x => CelValues.Equal(x, y))));
        t.Global("sets.equivalent", 2, a =>
        {
            var x = List(a, "sets.equivalent");
            var y = List(a, "sets.equivalent", 1);
            return x.All(v => y.Any(w => CelValues.Equal(v, w))) && y.All(v => x.Any(w => CelValues.Equal(v, w)));
        });
        t.Global("sets.intersects", 2, a => List(a, "sets.intersects").Any(x => List(a, "sets.intersects", 1).Any(y => CelValues.Equal(x, y))));
    }

    private static IReadOnlyList<object?> List(object?[] a, string function, int index = 0) =>
        a[index] as IReadOnlyList<object?> ?? throw CelError.NoSuchOverload(function, a);

    internal static object IndexOf(object?[] a)
    {
        var l = List(a, "indexOf");
        for (var i = 0; i < l.Count; i++) if (CelValues.Equal(l[i], a[1])) return (long)i;
        return -1L;
    }

    internal static object LastIndexOf(object?[] a)
    {
        var l = List(a, "lastIndexOf");
        for (var i = l.Count - 1; i >= 0; i--) if (CelValues.Equal(l[i], a[1])) return (long)i;
        return -1L;
    }

    internal static object Reverse(object?[] a) => List(a, "reverse").Reverse().ToList();

    private static object? Sum(object? acc, object? x) => (acc, x) switch
    {
        (long p, long q) => (object)checked(p + q),
        (ulong p, ulong q) => (object)checked(p + q),
        (double p, double q) => (object)(p + q),
        (TimeSpan p, TimeSpan q) => p + q,
        _ => throw CelError.NoSuchOverload("sum", acc, x),
    };

    private static object? Extreme(object?[] a, string name, Func<int, bool> better)
    {
        var l = List(a, name);
        if (l.Count == 0) throw new CelError($"{name} called on empty list");
        var best = l[0];
        foreach (var x in l.Skip(1)) if (better(CelValues.Compare(x, best, name))) best = x;
        return best;
    }

    private static List<object?> Flatten(IReadOnlyList<object?> l, long depth)
    {
        if (depth < 0) throw new CelError("level must be non-negative");
        var result = new List<object?>();
        foreach (var x in l)
        {
            if (x is IReadOnlyList<object?> inner && depth > 0) result.AddRange(Flatten(inner, depth - 1));
            else result.Add(x);
        }
        return result;
    }
}
