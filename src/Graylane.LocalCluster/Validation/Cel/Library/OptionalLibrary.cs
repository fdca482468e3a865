using Graylane.LocalCluster.Validation.Cel.Runtime;

namespace Graylane.LocalCluster.Validation.Cel.Library;

/// <summary>
/// cel-go's optional types, enabled in Kubernetes: optional.of/none/ofNonZeroValue, hasValue, value, orValue, or.
/// optionalOldSelf rules see oldSelf as an optional.
/// </summary>
internal static class OptionalLibrary
{
    public static void Register(CelFunctionTable t)
    {
        t.Global("optional.of", 1, a => CelOptional.Of(a[0]));
        t.Global("optional.none", 0, _ => CelOptional.None);
        t.Global("optional.ofNonZeroValue", 1, a => IsZero(a[0]) ? CelOptional.None : CelOptional.Of(a[0]));
        t.Member("hasValue", 0, a => Opt(a, "hasValue").HasValue);
        t.Member("value", 0, a => Opt(a, "value").GetValue());
        t.Member("orValue", 1, a => Opt(a, "orValue") is { HasValue: true } o ? o.Value : a[1]);
        t.Member("or", 1, a => Opt(a, "or") is { HasValue: true } o ? o : a[1] as CelOptional ?? throw CelError.NoSuchOverload("or", a));
    }

    private static CelOptional Opt(object?[] a, string function) =>
        a[0] as CelOptional ?? throw CelError.NoSuchOverload(function, a);

    private static bool IsZero(object? v) => v switch
    {
        null => true,
        bool b => !b,
        long l => l == 0,
        ulong u => u == 0,
        double d => d == 0,
        string s => s.Length == 0,
        byte[] b => b.Length == 0,
        IReadOnlyList<object?> l => l.Count == 0,
        ICelMap m => m.Count == 0,
        TimeSpan d => d == TimeSpan.Zero,
        _ => false,
    };
}
