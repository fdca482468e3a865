using Graylane.LocalCluster.Validation.Cel.Runtime;

namespace Graylane.LocalCluster.Validation.Cel.Library;

/// <summary>
/// The functions a rule may call: CEL's standard library plus the Kubernetes libraries (strings, lists, regex,
/// URLs, IP/CIDR, quantity, optional, sets). Built once; every compiled rule shares it.
/// </summary>
internal sealed class CelFunctionTable
{
    private readonly Dictionary<(string Name, bool Receiver, int Arity), CelFunction> _functions = new();

    public static readonly CelFunctionTable Kubernetes = Build();

    private static CelFunctionTable Build()
    {
        var t = new CelFunctionTable();
        StandardLibrary.Register(t);
        StringsLibrary.Register(t);
        ListsLibrary.Register(t);
        RegexLibrary.Register(t);
        UrlLibrary.Register(t);
        IpLibrary.Register(t);
        QuantityLibrary.Register(t);
        OptionalLibrary.Register(t);
        FormatLibrary.Register(t);
        return t;
    }

    public void Global(string name, int arity, Func<object?[], object?> impl) => Add(new CelFunction(name, false, arity, impl));

    public void Member(string name, int arity, Func<object?[], object?> impl) => Add(new CelFunction(name, true, arity + 1, impl));

    /// <summary>Both <c>name(x, …)</c> and <c>x.name(…)</c>, as CEL declares size() and the conversions.</summary>
    public void Both(string name, int arity, Func<object?[], object?> impl)
    {
        Global(name, arity, impl);
        Member(name, arity - 1, impl);
    }

    private void Add(CelFunction f) => _functions[(f.Name, f.Receiver, f.Arity)] = f;

    public CelFunction? Find(string name, bool receiver, int arity) =>
        _functions.GetValueOrDefault((name, receiver, arity));

    public bool Knows(string name) => _functions.Keys.Any(k => k.Name == name);

    public IEnumerable<string> Names => _functions.Keys.Select(k => k.Name).Distinct();

    public static object? NoOverload(string name, object?[] args) => throw CelError.NoSuchOverload(name, args);
}
