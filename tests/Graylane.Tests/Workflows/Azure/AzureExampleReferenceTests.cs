namespace Graylane.Tests.Workflows.Azure;

/// <summary>
/// Every pipeline in examples/azure-pipelines: each Graylane task exists at that major version with the inputs used,
/// the agentless jobs hold no Graylane task, and every example is run end to end by a test.
/// </summary>
public class AzureExampleReferenceTests
{

    public static TheoryData<string> Examples()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.GetFiles(RepositoryRoot.File("examples/azure-pipelines"), "*.yml").Order()) data.Add(Path.GetFileName(f));
        return data;
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Tasks_and_inputs_exist(string file)
    {
        var pipeline = PipelineFile.Load(RepositoryRoot.File(Path.Combine("examples", "azure-pipelines", file)));
        Assert.True(EndToEnd.IsRun(file, "Azure"), $"{file} is not run end to end by a test in tests/Graylane.Tests/Workflows/Azure");
        var graylaneTasks = 0;
        foreach (var job in pipeline.Stages.SelectMany(s => s.Jobs))
            foreach (var step in job.Steps.Where(s => s.Task is not null))
            {
                if (AzureTaskMetadata.Find(step.Task!) is not { } task) continue;
                graylaneTasks++;
                Assert.False(job.Agentless, $"{file}: job {job.Name} is agentless but runs {step.Task}");
                foreach (var (name, _) in step.Inputs)
                    Assert.True(task.Inputs.ContainsKey(name), $"{file}: {step.Task} has no input {name}");
                Assert.True(step.Inputs.Any(i => i.Key is "kubernetesServiceConnection" or "kubeconfig"),
                    $"{file}: {step.Task} names no cluster (kubernetesServiceConnection)");
            }
        Assert.True(graylaneTasks > 0, $"{file} runs no Graylane task");
    }

    [Fact]
    public void Task_names_map_to_their_steps_and_other_tasks_are_not_graylane()
    {
        Assert.Equal("shift-traffic", AzureTaskMetadata.Find("GraylaneShiftTraffic@1")!.Step);
        Assert.Equal("wait-approval", AzureTaskMetadata.Find("GraylaneWaitApproval@1")!.Step);
        Assert.Null(AzureTaskMetadata.Find("ManualValidation@1"));
        Assert.Throws<InvalidDataException>(() => AzureTaskMetadata.Find("GraylaneShiftTraffic@2"));
    }

    [Fact]
    public void Output_variables_are_read_from_setvariable_commands_and_unescaped()
    {
        var outputs = AzurePipelineRunner.OutputVariables(
            "##vso[task.setvariable variable=app;isOutput=true]nginx-service\n" +
            "##vso[task.setvariable variable=note;isOutput=true]50%AZP25 of%0Atraffic\n" +
            "##vso[task.setvariable variable=local]not an output\n");
        Assert.Equal("nginx-service", outputs["app"]);
        Assert.Equal("50% of\ntraffic", outputs["note"]);
        Assert.False(outputs.ContainsKey("local"));
    }

    [Theory]
    [InlineData("failed()", false, true, false)]
    [InlineData("failed()", true, false, true)]
    [InlineData("and(succeeded(), eq(variables['namespace'], 'SHOP'))", false, true, true)]
    [InlineData("or(failed(), ne(variables.namespace, 'shop'))", false, true, false)]
    [InlineData("not(succeeded())", true, false, true)]
    [InlineData("", false, true, true)]
    public void Conditions(string condition, bool failed, bool succeeded, bool expected) =>
        Assert.Equal(expected, AzureCondition.Evaluate(condition,
            f => f switch { "failed" => failed, "succeeded" => succeeded, _ => true },
            v => v == "namespace" ? "shop" : throw new Graylane.Tests.Workflows.GitHub.ExpressionException(v)));
}
