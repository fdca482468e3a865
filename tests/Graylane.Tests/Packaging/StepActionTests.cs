using Graylane.Engine.Steps;
using YamlDotNet.RepresentationModel;

namespace Graylane.Tests.Packaging;

/// <summary>actions/&lt;step&gt;/action.yml: exactly the step's inputs and outputs, as StepCatalog declares them.</summary>
public class StepActionTests
{
    public static TheoryData<string> Steps() => RepositoryFiles.ShippedStepNames();

    [Theory]
    [MemberData(nameof(Steps))]
    public void Inputs_match_the_catalog_in_name_description_requiredness_and_default(string name)
    {
        var step = StepCatalog.Find(name)!;
        var inputs = RepositoryFiles.Yaml($"actions/{name}/action.yml").Map("inputs");

        Assert.Equal(step.Inputs.Select(i => i.Name), inputs.Keys());
        foreach (var input in step.Inputs)
        {
            var declared = inputs.Map(input.Name);
            Assert.Equal(input.Description, declared.Scalar("description"));
            Assert.Equal(input.Required ? "true" : "false", declared.Scalar("required"));
            Assert.Equal(input.Default, declared.Scalar("default"));
        }
    }

    [Theory]
    [MemberData(nameof(Steps))]
    public void Outputs_match_the_catalog(string name)
    {
        var step = StepCatalog.Find(name)!;
        var outputs = RepositoryFiles.Yaml($"actions/{name}/action.yml").Map("outputs");

        Assert.Equal(step.Outputs.Select(o => o.Name), outputs.Keys());
        foreach (var (output, description) in step.Outputs)
            Assert.Equal(description, outputs.Map(output).Scalar("description"));
    }

    [Theory]
    [MemberData(nameof(Steps))]
    public void Runs_the_root_actions_prebuilt_image_with_the_step_as_its_argument(string name)
    {
        var runs = RepositoryFiles.Yaml($"actions/{name}/action.yml").Map("runs");
        var rootImage = RepositoryFiles.Yaml("action.yml").Map("runs").Scalar("image");

        Assert.Equal("docker", runs.Scalar("using"));
        Assert.Equal(rootImage, runs.Scalar("image"));
        Assert.StartsWith("docker://", rootImage);
        var args = (YamlSequenceNode)runs.Children[new YamlScalarNode("args")];
        Assert.Equal([name], args.Children.Select(a => ((YamlScalarNode)a).Value));
    }

    [Fact]
    public void Every_action_folder_is_a_shipped_step_or_the_hand_written_setup_action()
    {
        var folders = Directory.GetDirectories(RepositoryFiles.Path("actions")).Select(System.IO.Path.GetFileName).Order();
        Assert.Equal(RepositoryFiles.ShippedSteps.Select(s => s.Name).Append("setup").Order(), folders);
    }
}
