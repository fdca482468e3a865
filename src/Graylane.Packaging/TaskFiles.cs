using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Graylane.Cli.Hosts;
using Graylane.Core.Hosting;
using Graylane.Engine.Steps;

namespace Graylane.Packaging;

/// <summary>
/// The Azure DevOps task.json of a step: the step's inputs under their camelCase names (the names the
/// Azure host reads back through <see cref="AzureInputNames"/>), a Kubernetes service connection input,
/// its outputs as output variables, and index.js (which runs the bundled binary) as a Node 20 handler.
/// </summary>
public static class TaskFiles
{
    /// <summary>The service connection input: kebab-case like every input, so the host maps it like the others.</summary>
    public const string ServiceConnectionInput = "kubernetes-service-connection";

    /// <summary>The first agent with the Node20_1 handler.</summary>
    public const string MinimumAgentVersion = "3.232.1";

    public static string TaskJson(StepDefinition step, ReleaseInfo release)
    {
        var inputs = new JsonArray
        {
            new JsonObject
            {
                ["name"] = AzureInputNames.AzureInputName(ServiceConnectionInput),
                ["type"] = "connectedService:kubernetes",
                ["label"] = "Kubernetes service connection",
                ["required"] = false,
                ["helpMarkDown"] =
                    "The cluster to act on, as a Kubernetes service connection (kubeconfig, service account or Azure subscription). " +
                    "Leave empty to use the kubeconfig input, $KUBECONFIG or the agent's in-cluster service account.",
            },
        };
        foreach (var input in step.Inputs)
            inputs.Add(Input(input));

        var outputs = new JsonArray();
        foreach (var (name, description) in step.Outputs)
            foreach (var variable in AzureOutputNames.Names(name))
                outputs.Add(new JsonObject { ["name"] = variable, ["description"] = OutputDescription(name, variable, description) });

        var task = new JsonObject
        {
            ["id"] = TaskId(step.Name).ToString(),
            ["name"] = ShippedSteps.TaskName(step.Name),
            ["friendlyName"] = $"Graylane {step.Name}",
            ["description"] = step.Description,
            ["helpMarkDown"] = $"[Graylane]({release.RepositoryUrl}): `graylane {step.Name} --help` lists the same inputs.",
            ["category"] = "Deploy",
            ["author"] = "Graylane",
            ["version"] = new JsonObject
            {
                ["Major"] = release.Version.Major,
                ["Minor"] = release.Version.Minor,
                ["Patch"] = release.Version.Build,
            },
            ["minimumAgentVersion"] = MinimumAgentVersion,
            ["instanceNameFormat"] = $"Graylane {step.Name}",
            ["inputs"] = inputs,
            ["outputVariables"] = outputs,
            ["execution"] = new JsonObject
            {
                ["Node20_1"] = new JsonObject { ["target"] = "index.js" },
            },
        };
        return JsonText.Write(task);
    }

    /// <summary>
    /// The task's entry point: the shared runner (copied into every task folder when the .vsix is staged)
    /// with this task's step. Folders cannot share files, the agent downloads each task on its own.
    /// </summary>
    public static string IndexJs(StepDefinition step) =>
        "// Generated from StepCatalog by `dotnet run --project src/Graylane.Packaging -- write`.\n" +
        $"require('./run-graylane.js')('{step.Name}');\n";

    /// <summary>
    /// A task's id must never change once published (pipelines refer to it), so it is derived from the
    /// step name (a name-based UUID, version 5 layout) instead of being random.
    /// </summary>
    public static Guid TaskId(string step)
    {
        var hash = SHA1.HashData(Encoding.UTF8.GetBytes($"graylane-azure-task:{step}"));
        var bytes = hash[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x50);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }

    /// <summary>The kebab-case spelling says which name to prefer and why (see <see cref="AzureOutputNames"/>).</summary>
    public static string OutputDescription(string output, string variable, string description) =>
        variable == output && AzureOutputNames.Names(output).Count > 1
            ? $"{description} The 1.0 name of {AzureOutputNames.Names(output)[0]}: works as $(step.{output}), but scripts cannot read it as an environment variable."
            : description;

    /// <summary>The task input type: switches are checkboxes, repeatable inputs and kubeconfig content take lines.</summary>
    public static string InputType(StepInput input) => input switch
    {
        { IsSwitch: true } => "boolean",
        { Repeatable: true } or { Name: "kubeconfig" } => "multiLine",
        _ => "string",
    };

    /// <summary>A checkbox always sends a value; "false" is what an absent switch means to the binary.</summary>
    public static string DefaultValue(StepInput input) => input.Default ?? (input.IsSwitch ? "false" : "");

    /// <summary>scale-down-delay → "Scale down delay".</summary>
    public static string Label(string name) => char.ToUpperInvariant(name[0]) + name[1..].Replace('-', ' ');

    private static JsonObject Input(StepInput input) => new()
    {
        ["name"] = AzureInputNames.AzureInputName(input.Name),
        ["type"] = InputType(input),
        ["label"] = Label(input.Name),
        ["defaultValue"] = DefaultValue(input),
        ["required"] = input.Required,
        ["helpMarkDown"] = input.Description,
    };
}
