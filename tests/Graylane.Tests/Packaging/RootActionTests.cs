using Graylane.Engine.Steps;

namespace Graylane.Tests.Packaging;

/// <summary>The Marketplace action: `command` picks any step, and every step's inputs and outputs are declared.</summary>
public class RootActionTests
{
    private readonly YamlDotNet.RepresentationModel.YamlMappingNode _action = RepositoryFiles.Yaml("action.yml");

    [Fact]
    public void Has_the_marketplace_fields()
    {
        Assert.False(string.IsNullOrWhiteSpace(_action.Scalar("name")));
        Assert.InRange(_action.Scalar("description")!.Length, 1, 125);
        var branding = _action.Map("branding");
        Assert.NotNull(branding.Scalar("icon"));
        Assert.NotNull(branding.Scalar("color"));
    }

    [Fact]
    public void Command_is_required_and_names_every_step()
    {
        var command = _action.Map("inputs").Map("command");
        Assert.Equal("true", command.Scalar("required"));
        foreach (var step in StepCatalog.All)
            Assert.Contains(step.Name, command.Scalar("description"));
    }

    [Fact]
    public void Every_input_of_every_step_is_declared_optional_with_each_steps_description()
    {
        var inputs = _action.Map("inputs");
        var expected = StepCatalog.All.SelectMany(s => s.Inputs).Select(i => i.Name).Distinct().Prepend("command");
        Assert.Equal(expected, inputs.Keys());
        foreach (var step in StepCatalog.All)
        {
            foreach (var input in step.Inputs)
            {
                var declared = inputs.Map(input.Name);
                // Not required and no default: a step's default must not reach a step that reads the input differently.
                Assert.Equal("false", declared.Scalar("required"));
                Assert.Null(declared.Scalar("default"));
                Assert.Contains(input.Description, declared.Scalar("description"));
                Assert.Contains(step.Name, declared.Scalar("description"));
            }
        }
    }

    [Fact]
    public void Every_output_of_every_step_is_declared()
    {
        var outputs = _action.Map("outputs");
        Assert.Equal(StepCatalog.All.SelectMany(s => s.Outputs).Select(o => o.Name).Distinct(), outputs.Keys());
        foreach (var step in StepCatalog.All)
            foreach (var (name, description) in step.Outputs)
                Assert.Contains(description, outputs.Map(name).Scalar("description"));
    }

    [Fact]
    public void Runs_the_prebuilt_action_image_without_arguments_so_the_command_input_decides()
    {
        var runs = _action.Map("runs");
        Assert.Equal("docker", runs.Scalar("using"));
        Assert.Matches(@"^docker://ghcr\.io/[a-z0-9-]+/[a-z0-9-]+-action:v\d+$", runs.Scalar("image"));
        Assert.Null(runs.Scalar("args"));
    }
}
