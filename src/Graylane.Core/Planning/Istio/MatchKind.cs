namespace Graylane.Core.Planning.Istio;

/// <summary>What part of the request a --match rule looks at.</summary>
public enum MatchKind
{
    Header,
    Cookie,
    Query,
}
