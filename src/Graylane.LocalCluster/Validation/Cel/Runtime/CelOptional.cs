namespace Graylane.LocalCluster.Validation.Cel.Runtime;

/// <summary>optional_type: <c>optional.of(x)</c> or <c>optional.none()</c>; also oldSelf under optionalOldSelf.</summary>
internal sealed class CelOptional
{
    public static readonly CelOptional None = new(false, null);

    private CelOptional(bool hasValue, object? value)
    {
        HasValue = hasValue;
        Value = value;
    }

    public bool HasValue { get; }
    public object? Value { get; }

    public static CelOptional Of(object? value) => new(true, value);

    public object? GetValue() => HasValue ? Value : throw new CelError("optional.none() dereference");
}
