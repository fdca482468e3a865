namespace Graylane.LocalCluster.Validation.Cel.Syntax;

/// <summary>A parsed CEL expression. Macros (has, all, exists, …) are already expanded into their own nodes.</summary>
internal abstract record CelExpr;

/// <summary>long (int), ulong (uint), double, string, bool, byte[] (bytes) or null.</summary>
internal sealed record LiteralExpr(object? Value) : CelExpr;

internal sealed record IdentExpr(string Name) : CelExpr;

/// <summary><c>a.f</c>; <c>has(a.f)</c> is TestOnly; <c>a.?f</c> is Optional.</summary>
internal sealed record SelectExpr(CelExpr Operand, string Field, bool TestOnly = false, bool Optional = false) : CelExpr;

/// <summary><c>a[k]</c>; <c>a[?k]</c> is Optional.</summary>
internal sealed record IndexExpr(CelExpr Operand, CelExpr Key, bool Optional = false) : CelExpr;

/// <summary>A function or operator call; operators use the names of cel-go (<c>_+_</c>, <c>!_</c>, <c>@in</c>).</summary>
internal sealed record CallExpr(CelExpr? Target, string Function, IReadOnlyList<CelExpr> Args) : CelExpr;

internal sealed record ListExpr(IReadOnlyList<CelExpr> Elements, IReadOnlyList<bool> OptionalElements) : CelExpr;

internal sealed record MapEntry(CelExpr Key, CelExpr Value, bool Optional);

internal sealed record MapExpr(IReadOnlyList<MapEntry> Entries) : CelExpr;

internal sealed record ConditionalExpr(CelExpr Condition, CelExpr Then, CelExpr Else) : CelExpr;

internal sealed record LogicalExpr(bool IsAnd, CelExpr Left, CelExpr Right) : CelExpr;

internal enum ComprehensionKind { All, Exists, ExistsOne, Map, Filter }

/// <summary>
/// A macro over a list or map: <c>range.all(v, body)</c>, or with two variables <c>range.all(i, v, body)</c>
/// (index or key, then value). Map with a filter is <c>range.map(v, filter, body)</c>.
/// </summary>
internal sealed record ComprehensionExpr(
    ComprehensionKind Kind, CelExpr Range, string? IndexVar, string ValueVar, CelExpr Body, CelExpr? Filter) : CelExpr;

/// <summary><c>cel.bind(name, init, body)</c>.</summary>
internal sealed record BindExpr(string Name, CelExpr Init, CelExpr Body) : CelExpr;

/// <summary>A call whose function was resolved at compile time; a receiver, when there is one, is Args[0].</summary>
internal sealed record BoundCallExpr(Library.CelFunction Function, IReadOnlyList<CelExpr> Args) : CelExpr;

/// <summary>A type name used as a value (<c>type(x) == string</c>).</summary>
internal sealed record TypeLiteralExpr(Runtime.CelType Type) : CelExpr;
