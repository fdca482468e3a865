namespace Graylane.LocalCluster.Validation.Cel.Runtime;

/// <summary>
/// A CEL evaluation error ("no such key: port", "division by zero", "no such overload"). Thrown, and absorbed
/// where the spec says so (&&, ||, all, exists).
/// </summary>
internal sealed class CelError(string message) : Exception(message)
{
    public static CelError NoSuchOverload(string function, params object?[] args) =>
        new($"no such overload: {function}({string.Join(", ", args.Select(CelValues.TypeName))})");

    public static CelError NoSuchKey(object? key) => new($"no such key: {CelValues.Display(key)}");
}
