namespace Graylane.Tests.Workflows.GitHub;

/// <summary>An expression the local runner cannot evaluate: a syntax it does not know, or a name nothing defines.</summary>
public sealed class ExpressionException(string message) : Exception(message);
