namespace Graylane.Tests.Workflows.GitHub;

public class WorkflowExpressionTests
{
    private sealed class Context(Dictionary<string, string> values, bool failed = false) : IExpressionContext
    {
        public ExpressionValue Resolve(IReadOnlyList<string> path) =>
            values.TryGetValue(string.Join('.', path), out var v) ? ExpressionValue.Of(v) : throw new ExpressionException("no " + string.Join('.', path));
        public bool Status(string function) => function switch
        {
            "always" => true,
            "cancelled" => false,
            "failure" => failed,
            _ => !failed,
        };
    }

    private static readonly Context Values = new(new()
    {
        ["steps.gray.outputs.gray-workload"] = "nginx-v2",
        ["steps.approval.outputs.decision"] = "Approved",
        ["needs.gray.outputs.app"] = "",
        ["inputs.image"] = "nginx:1.27",
    });

    [Theory]
    [InlineData("image ${{ inputs.image }} as ${{steps.gray.outputs.gray-workload}}.", "image nginx:1.27 as nginx-v2.")]
    [InlineData("${{ needs.gray.outputs.app || 'fallback' }}", "fallback")]
    [InlineData("${{ inputs.image && 'given' }}", "given")]
    [InlineData("${{ 'it''s' }} ${{ 100 }} ${{ true }}", "it's 100 true")]
    public void Interpolation_evaluates_names_literals_and_the_operators_yielding_operands(string text, string expected) =>
        Assert.Equal(expected, WorkflowExpression.Interpolate(text, Values));

    [Theory]
    [InlineData("steps.approval.outputs.decision == 'approved'", false, true)]     // strings compare ignoring case
    [InlineData("${{ steps.approval.outputs.decision != 'approved' }}", false, false)]
    [InlineData("needs.gray.outputs.app != ''", false, false)]
    [InlineData("needs.gray.outputs.app != ''", true, false)]                      // implicit success() && …
    [InlineData("failure() && inputs.image != ''", true, true)]
    [InlineData("(failure() || cancelled()) && !(inputs.image == '')", false, false)]
    [InlineData("always()", true, true)]
    [InlineData("", true, false)]
    [InlineData("", false, true)]
    public void Conditions_follow_the_runner_with_the_implicit_success(string condition, bool failed, bool expected) =>
        Assert.Equal(expected, WorkflowExpression.Condition(condition, new Context(new()
        {
            ["steps.approval.outputs.decision"] = "Approved",
            ["needs.gray.outputs.app"] = "",
            ["inputs.image"] = "nginx:1.27",
        }, failed)));

    [Theory]
    [InlineData("${{ steps.gray.outputs.missing }}")]
    [InlineData("${{ hashFiles('x') }}")]
    [InlineData("${{ inputs.image ")]
    [InlineData("${{ inputs.image = 'x' }}")]
    public void What_cannot_be_evaluated_throws(string text) =>
        Assert.Throws<ExpressionException>(() => WorkflowExpression.Interpolate(text, Values));

    [Fact]
    public void The_output_file_holds_name_value_lines_and_heredocs()
    {
        var outputs = OutputFile.Parse("app=nginx-service\nnotes<<ghadelimiter_1\nline one\nline=two\nghadelimiter_1\napp=again\n");
        Assert.Equal("again", outputs["app"]);
        Assert.Equal("line one\nline=two", outputs["notes"]);
        Assert.Throws<InvalidDataException>(() => OutputFile.Parse("x<<EOF\nno end\n"));
    }
}
