namespace Graylane.LocalCluster.Validation.Cel.Runtime;

/// <summary>A type value, as returned by <c>type(x)</c> and named by identifiers such as <c>int</c> or <c>string</c>.</summary>
internal sealed record CelType(string Name)
{
    public static readonly IReadOnlyDictionary<string, CelType> Named = new[]
    {
        "int", "uint", "double", "bool", "string", "bytes", "list", "map", "null_type", "type",
        "google.protobuf.Duration", "google.protobuf.Timestamp", "optional_type",
    }.ToDictionary(n => n, n => new CelType(n));

    public override string ToString() => Name;
}
