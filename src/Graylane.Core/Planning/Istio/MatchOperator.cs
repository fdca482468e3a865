namespace Graylane.Core.Planning.Istio;

/// <summary>How a --match rule compares: name=value, name^=value, name~regex.</summary>
public enum MatchOperator
{
    Exact,
    Prefix,
    Regex,
}
