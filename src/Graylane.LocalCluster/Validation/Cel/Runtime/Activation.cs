namespace Graylane.LocalCluster.Validation.Cel.Runtime;

/// <summary>Variable bindings: the rule's variables at the root, comprehension and bind variables chained above.</summary>
internal sealed class Activation
{
    private readonly Activation? _parent;
    private readonly string? _name;
    private readonly object? _value;
    private readonly IReadOnlyDictionary<string, object?>? _root;

    public Activation(IReadOnlyDictionary<string, object?> root) => _root = root;

    private Activation(Activation parent, string name, object? value)
    {
        _parent = parent;
        _name = name;
        _value = value;
    }

    public Activation With(string name, object? value) => new(this, name, value);

    public bool TryGet(string name, out object? value)
    {
        for (var a = this; a is not null; a = a._parent)
        {
            if (a._root is not null) return a._root.TryGetValue(name, out value);
            if (a._name == name)
            {
                value = a._value;
                return true;
            }
        }
        value = null;
        return false;
    }
}
