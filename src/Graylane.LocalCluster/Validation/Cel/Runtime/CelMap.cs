namespace Graylane.LocalCluster.Validation.Cel.Runtime;

/// <summary>A CEL map (or a schema object, which CEL sees as a message with fields).</summary>
internal interface ICelMap
{
    int Count { get; }

    /// <summary>Keys in a stable order (insertion order for literals, document order for JSON).</summary>
    IEnumerable<object?> Keys { get; }

    /// <summary>Index access <c>m[key]</c>.</summary>
    bool TryGetValue(object? key, out object? value);

    /// <summary>Field selection <c>m.field</c>: for a schema object the name is the escaped property name.</summary>
    bool TrySelect(string field, out object? value);
}

/// <summary>A map built by a CEL expression (<c>{'a': 1}</c>). Numeric keys compare by value, as CEL's do.</summary>
internal sealed class CelMapValue : ICelMap
{
    private readonly Dictionary<object, object?> _entries = new(CelKeyComparer.Instance);
    private readonly List<object?> _order = [];

    public int Count => _entries.Count;
    public IEnumerable<object?> Keys => _order;

    public void Add(object? key, object? value)
    {
        if (key is not (string or long or ulong or bool)) throw new CelError($"unsupported key type: {CelValues.TypeName(key)}");
        if (!_entries.TryAdd(key, value)) throw new CelError($"Failed with repeated key: {CelValues.Display(key)}");
        _order.Add(key);
    }

    public bool TryGetValue(object? key, out object? value)
    {
        value = null;
        if (key is double d && d == Math.Floor(d) && !double.IsInfinity(d))
            key = d >= 0 && d <= ulong.MaxValue ? (d <= long.MaxValue ? (long)d : (ulong)d) : (long)d;
        return key is not null && _entries.TryGetValue(key, out value);
    }

    public bool TrySelect(string field, out object? value) => TryGetValue(field, out value);
}

/// <summary>Map key equality across int and uint (1 == 1u), as CEL's heterogeneous equality requires.</summary>
internal sealed class CelKeyComparer : IEqualityComparer<object>
{
    public static readonly CelKeyComparer Instance = new();

    public new bool Equals(object? x, object? y) => CelValues.Equal(x, y);

    public int GetHashCode(object obj) => obj switch
    {
        long l => l.GetHashCode(),
        ulong u => u <= long.MaxValue ? ((long)u).GetHashCode() : u.GetHashCode(),
        _ => obj.GetHashCode(),
    };
}
