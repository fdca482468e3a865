namespace Graylane.Tests.Workflows.GitHub;

/// <summary>Where an expression's names and status functions get their values.</summary>
public interface IExpressionContext
{
    /// <summary>The value of a property path such as ["steps", "gray", "outputs", "app"]; throws ExpressionException when nothing defines it.</summary>
    ExpressionValue Resolve(IReadOnlyList<string> path);

    /// <summary>success(), failure(), always(), cancelled() at the place the expression is evaluated.</summary>
    bool Status(string function);
}
