namespace Graylane.LocalCluster.Validation.Cel.Library;

/// <summary>
/// One function of the environment, by name, call style and arity. Overloads on argument types are resolved at run
/// time by the implementation, which throws a "no such overload" CelError for types it does not take.
/// </summary>
/// <param name="Receiver">Called as <c>x.name(args)</c> (x is Args[0]) rather than <c>name(args)</c>.</param>
/// <param name="Arity">Number of arguments including the receiver.</param>
internal sealed record CelFunction(string Name, bool Receiver, int Arity, Func<object?[], object?> Invoke)
{
    public string Signature => Receiver ? $"<{Arity - 1} args>.{Name}" : $"{Name}/<{Arity} args>";
}
