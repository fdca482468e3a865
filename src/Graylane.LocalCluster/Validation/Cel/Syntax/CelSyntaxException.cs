namespace Graylane.LocalCluster.Validation.Cel.Syntax;

/// <summary>A rule that does not parse or type-check: the real server refuses such a CRD.</summary>
internal sealed class CelSyntaxException(string message) : Exception(message);

/// <summary>
/// A rule that parses but calls a function this evaluator does not implement: the local cluster cannot
/// judge it, so it is reported (warning header, docs) instead of silently passed.
/// </summary>
internal sealed class CelUnsupportedException(string message) : Exception(message);
