using System.Text.Json.Nodes;
using Graylane.Cli.Hosts;
using Graylane.Engine.Steps;

namespace Graylane.Tests.Packaging;

/// <summary>src/Tasks/&lt;Step&gt;V1/task.json and vss-extension.json against StepCatalog and the Azure host's names.</summary>
public class AzureTaskTests
{
    public static TheoryData<string> Steps() => RepositoryFiles.ShippedStepNames();

    private static JsonObject Task(string step) => RepositoryFiles.Json($"src/Tasks/{RepositoryFiles.PascalFolder(step)}/task.json");

    [Theory]
    [MemberData(nameof(Steps))]
    public void Inputs_are_the_steps_inputs_under_the_camel_case_names_the_azure_host_reads(string name)
    {
        var step = StepCatalog.Find(name)!;
        var inputs = Task(name)["inputs"]!.AsArray().Select(i => i!.AsObject()).ToList();

        Assert.Equal(step.Inputs.Select(i => AzureInputNames.AzureInputName(i.Name)).Prepend("kubernetesServiceConnection"),
            inputs.Select(i => (string)i["name"]!));
        foreach (var input in step.Inputs)
        {
            var declared = inputs.Single(i => (string)i["name"]! == AzureInputNames.AzureInputName(input.Name));
            // The host reads INPUT_<NAME UPPER-CASED> back to the kebab-case name: the round trip must hold.
            Assert.Equal(input.Name, AzureInputNames.FromAzureInputName((string)declared["name"]!));
            Assert.Equal(input.Description, (string)declared["helpMarkDown"]!);
            Assert.Equal(input.Required, (bool)declared["required"]!);
            Assert.Equal(input.IsSwitch ? "boolean" : input.Repeatable || input.Name == "kubeconfig" ? "multiLine" : "string",
                (string)declared["type"]!);
            Assert.Equal(input.Default ?? (input.IsSwitch ? "false" : ""), (string)declared["defaultValue"]!);
        }
    }

    [Theory]
    [MemberData(nameof(Steps))]
    public void Takes_a_kubernetes_service_connection(string name)
    {
        var connection = Task(name)["inputs"]!.AsArray().First()!.AsObject();
        Assert.Equal("connectedService:kubernetes", (string)connection["type"]!);
        Assert.False((bool)connection["required"]!);
    }

    [Theory]
    [MemberData(nameof(Steps))]
    public void Output_variables_are_the_steps_outputs_camel_cased_then_under_their_1_0_names(string name)
    {
        var step = StepCatalog.Find(name)!;
        var outputs = Task(name)["outputVariables"]!.AsArray().Select(o => o!.AsObject()).ToList();
        // The agent turns a variable into an environment variable by '.' and ' ' → '_' and upper-casing only,
        // so a hyphen would stay in it: every declared name a shell can use comes first, letters and digits only.
        var expected = step.Outputs.SelectMany(o => o.Name.Contains('-')
            ? new[] { (Camel(o.Name), (string?)o.Description), (o.Name, (string?)null) }
            : new[] { (o.Name, (string?)o.Description) }).ToList();
        Assert.Equal(expected.Select(e => e.Item1), outputs.Select(o => (string)o["name"]!));
        foreach (var (declared, (variable, description)) in outputs.Zip(expected))
        {
            if (description is not null) Assert.Equal(description, (string)declared["description"]!);
            else Assert.Contains($"$(step.{variable})", (string)declared["description"]!);
        }
        Assert.All(outputs.Where((_, i) => expected[i].Item2 is not null), o => Assert.Matches("^[a-z][A-Za-z0-9]*$", (string)o["name"]!));
    }

    private static string Camel(string kebab) =>
        string.Concat(kebab.Split('-').Select((p, i) => i == 0 ? p : char.ToUpperInvariant(p[0]) + p[1..]));

    [Theory]
    [MemberData(nameof(Steps))]
    public void Runs_index_js_on_node_20_and_index_js_runs_this_step(string name)
    {
        var task = Task(name);
        Assert.Equal("index.js", (string)task["execution"]!["Node20_1"]!["target"]!);
        var index = File.ReadAllText(RepositoryFiles.Path($"src/Tasks/{RepositoryFiles.PascalFolder(name)}/index.js"));
        Assert.Contains($"require('./run-graylane.js')('{name}');", index);
    }

    [Fact]
    public void Task_ids_and_names_are_unique_and_ids_are_guids()
    {
        var tasks = RepositoryFiles.ShippedSteps.Select(s => Task(s.Name)).ToList();
        Assert.All(tasks, t => Assert.True(Guid.TryParse((string)t["id"]!, out _)));
        Assert.Equal(tasks.Count, tasks.Select(t => (string)t["id"]!).Distinct().Count());
        Assert.Equal(tasks.Count, tasks.Select(t => (string)t["name"]!).Distinct().Count());
    }

    [Fact]
    public void The_extension_contributes_exactly_the_task_folders()
    {
        var manifest = RepositoryFiles.Json("vss-extension.json");
        var expected = RepositoryFiles.ShippedSteps.Select(s => $"src/Tasks/{RepositoryFiles.PascalFolder(s.Name)}").ToList();

        Assert.Equal(expected, manifest["files"]!.AsArray().Select(f => (string)f!["path"]!));
        var contributions = manifest["contributions"]!.AsArray().Select(c => c!.AsObject()).ToList();
        Assert.All(contributions, c => Assert.Equal("ms.vss-distributed-task.task", (string)c["type"]!));
        Assert.Equal(expected, contributions.Select(c => (string)c["properties"]!["name"]!));
        Assert.True(File.Exists(RepositoryFiles.Path((string)manifest["icons"]!["default"]!)));
        Assert.True(File.Exists(RepositoryFiles.Path((string)manifest["content"]!["details"]!["path"]!)));
    }

    [Fact]
    public void Every_task_folder_belongs_to_a_shipped_step()
    {
        var folders = Directory.GetDirectories(RepositoryFiles.Path("src/Tasks"))
            .Where(d => File.Exists(System.IO.Path.Combine(d, "task.json")))
            .Select(System.IO.Path.GetFileName).Order();
        Assert.Equal(RepositoryFiles.ShippedSteps.Select(s => RepositoryFiles.PascalFolder(s.Name)).Order(), folders);
    }
}
