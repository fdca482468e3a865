using System.Text.RegularExpressions;

namespace Graylane.Tests.Workflows.GitHub;

/// <summary>
/// Every workflow in examples/github: each Graylane `uses:` names an action of this repository at @v1, each `with:` key
/// is an input it declares, every expression reference to a step or job output names one that exists (also in branches
/// a test does not take); and every example is run end to end by a test.
/// </summary>
public class ExampleReferenceTests
{

    public static TheoryData<string> Examples()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.GetFiles(RepositoryRoot.File("examples/github"), "*.yml").Order()) data.Add(Path.GetFileName(f));
        return data;
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Uses_and_with_match_the_actions_and_outputs_referenced_exist(string file)
    {
        var workflow = WorkflowFile.Load(GitHubExampleRun.PathOf(file));
        Assert.True(EndToEnd.IsRun(file, "GitHub"), $"{file} is not run end to end by a test in tests/Graylane.Tests/Workflows/GitHub");
        var graylaneSteps = 0;
        foreach (var job in workflow.Jobs)
        {
            foreach (var step in job.Steps.Where(s => s.Uses is not null))
            {
                var action = ActionMetadata.ForUses(step.Uses!);
                if (action is null) continue;
                graylaneSteps++;
                Assert.EndsWith("@v1", step.Uses);
                foreach (var (name, _) in step.With)
                    Assert.True(action.Inputs.ContainsKey(name), $"{file}: job {job.Id}, step {step.Label}: {step.Uses} has no input {name}");
            }
            var texts = job.Steps.SelectMany(s => s.With.Select(w => w.Value).Append(s.If ?? "")).Concat(job.Outputs.Select(o => o.Value)).Append(job.If ?? "");
            foreach (var text in texts)
            {
                foreach (Match m in Regex.Matches(text, @"steps\.([A-Za-z0-9_-]+)\.outputs\.([A-Za-z0-9_-]+)"))
                {
                    var step = job.Steps.SingleOrDefault(s => s.Id == m.Groups[1].Value);
                    Assert.True(step is not null, $"{file}: job {job.Id} has no step {m.Groups[1].Value}");
                    if (step!.Uses is not null && ActionMetadata.ForUses(step.Uses) is { } action)
                        Assert.True(action.Outputs.Contains(m.Groups[2].Value), $"{file}: {step.Uses} has no output {m.Groups[2].Value}");
                }
                foreach (Match m in Regex.Matches(text, @"needs\.([A-Za-z0-9_-]+)\.outputs\.([A-Za-z0-9_-]+)"))
                {
                    Assert.Contains(m.Groups[1].Value, job.Needs);
                    var needed = workflow.Jobs.Single(j => j.Id == m.Groups[1].Value);
                    Assert.Contains(needed.Outputs, o => o.Key == m.Groups[2].Value);
                }
            }
        }
        Assert.True(graylaneSteps > 0, $"{file} uses no Graylane action");
    }

    [Fact]
    public void A_uses_of_a_missing_action_and_an_undeclared_input_are_refused()
    {
        Assert.Throws<InvalidDataException>(() => ActionMetadata.ForUses("graylane/graylane/actions/promte@v1"));
        Assert.Null(ActionMetadata.ForUses("actions/checkout@v4"));
        var promote = ActionMetadata.ForUses("graylane/graylane/actions/promote@v1")!;
        Assert.Equal(["promote"], promote.Args);
        Assert.True(promote.Inputs.ContainsKey("scale-down-delay"));
        Assert.False(promote.Inputs.ContainsKey("weight"));
        Assert.Empty(ActionMetadata.ForUses("graylane/graylane@v1")!.Args);   // the root action: the command input picks the step
    }
}
