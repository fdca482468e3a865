using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Graylane.Tests.Workflows.Azure;

/// <summary>
/// Every output a pipeline example reads — `$(step.output)` in the same job, `dependencies.job.outputs['step.output']`
/// in another — is declared by that step's task, under a name the agent can also hand to scripts as an environment
/// variable (letters, digits and '_' only: the agent keeps a hyphen in the variable's name, see docs/install.md).
/// </summary>
public partial class AzureOutputReferenceTests
{
    public static TheoryData<string> Examples() => AzureExampleReferenceTests.Examples();

    [Theory]
    [MemberData(nameof(Examples))]
    public void Outputs_read_by_an_example_are_declared_and_shell_safe(string file)
    {
        var path = RepositoryRoot.File(Path.Combine("examples", "azure-pipelines", file));
        var pipeline = PipelineFile.Load(path);
        var outputsByStep = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var step in pipeline.Stages.SelectMany(s => s.Jobs).SelectMany(j => j.Steps))
            if (step.Name is { } name && step.Task is { } task && AzureTaskMetadata.Find(task) is { } metadata)
                outputsByStep[name] = DeclaredOutputs(metadata.Name);

        var text = File.ReadAllText(path);
        var references = Macro().Matches(text).Concat(Dependency().Matches(text))
            .Select(m => (Step: m.Groups[1].Value, Output: m.Groups[2].Value))
            .Where(r => outputsByStep.ContainsKey(r.Step))
            .ToList();
        foreach (var (step, output) in references)
        {
            Assert.True(outputsByStep[step].Contains(output), $"{file}: step {step} declares no output {output}");
            Assert.Matches("^[A-Za-z0-9_]+$", output);
        }
    }

    [Fact]
    public void An_example_reads_a_multi_word_output_in_another_job()
    {
        var text = File.ReadAllText(RepositoryRoot.File("examples/azure-pipelines/service-blue-green.yml"));
        Assert.Contains("$[ dependencies.deploy.outputs['gray.grayWorkload'] ]", text);
    }

    private static HashSet<string> DeclaredOutputs(string taskName)
    {
        var folder = Directory.GetDirectories(RepositoryRoot.File("src/Tasks"))
            .Single(d => File.Exists(Path.Combine(d, "task.json")) && (string)JsonNode.Parse(File.ReadAllText(Path.Combine(d, "task.json")))!["name"]! == taskName);
        return JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "task.json")))!["outputVariables"]!.AsArray()
            .Select(o => (string)o!["name"]!).ToHashSet(StringComparer.Ordinal);
    }

    [GeneratedRegex(@"\$\(([A-Za-z0-9_]+)\.([A-Za-z0-9_-]+)\)")]
    private static partial Regex Macro();

    [GeneratedRegex(@"outputs\['([A-Za-z0-9_]+)\.([A-Za-z0-9_-]+)'\]")]
    private static partial Regex Dependency();
}
