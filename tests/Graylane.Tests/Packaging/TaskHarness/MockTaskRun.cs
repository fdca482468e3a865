using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Graylane.Tests.Support;

namespace Graylane.Tests.Packaging.TaskHarness;

/// <summary>What MockTestRunner saw of one task run: its verdict, the output variables and error issues, and the log.</summary>
public sealed record MockTaskResult(bool Succeeded, IReadOnlyDictionary<string, string> Outputs, IReadOnlyList<string> Errors, string Stdout, string Stderr)
{
    public override string ToString() => $"succeeded={Succeeded}\n{Stdout}\n{Stderr}";
}

/// <summary>
/// Runs a staged task folder through azure-pipelines-task-lib's MockTestRunner (mock-test-driver.js → mock-task.js →
/// the task's index.js → graylane) with a Kubernetes service connection holding the cluster's kubeconfig, the agent's
/// tool cache and temp folders, and GRAYLANE_DOWNLOAD_URL pointing at the test's release server.
/// </summary>
public sealed partial class MockTaskRun(string taskFolder, string agentDirectory)
{
    private JsonObject? _endpoint;

    public Dictionary<string, string> Inputs { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, string> Variables { get; } = new(StringComparer.Ordinal);

    public string ToolsDirectory => Path.Combine(agentDirectory, "_tool");

    /// <summary>The input kubernetesServiceConnection holds the connection's id, as the agent passes it.</summary>
    public MockTaskRun WithServiceConnection(string kubeconfigFile)
    {
        var id = Guid.NewGuid().ToString();
        var kubeconfig = File.ReadAllText(kubeconfigFile);
        _endpoint = new JsonObject { ["id"] = id, ["url"] = Server().Match(kubeconfig).Groups[1].Value, ["kubeconfig"] = kubeconfig };
        Inputs["kubernetesServiceConnection"] = id;
        return this;
    }

    public MockTaskResult Run(string downloadUrl)
    {
        var temp = Directory.CreateDirectory(Path.Combine(agentDirectory, "_temp")).FullName;
        var variables = new JsonObject
        {
            ["Agent.ToolsDirectory"] = ToolsDirectory,
            ["Agent.TempDirectory"] = temp,
            ["Build.RequestedFor"] = "Mei Lin",
            ["GRAYLANE_DOWNLOAD_URL"] = downloadUrl,
        };
        foreach (var (name, value) in Variables) variables[name] = value;
        var testCase = new JsonObject
        {
            ["index"] = Path.Combine(taskFolder, "index.js"),
            ["inputs"] = new JsonObject(Inputs.Select(i => KeyValuePair.Create(i.Key, (JsonNode?)i.Value))),
            ["endpoint"] = _endpoint?.DeepClone(),
            ["variables"] = variables,
        };
        var resultFile = Path.Combine(agentDirectory, $"result-{Guid.NewGuid():N}.json");
        var start = new ProcessStartInfo(Tools.Require("node"),
            [RepositoryFiles.Path("tests/Graylane.Tests/Packaging/TaskHarness/mock-test-driver.js"), Path.Combine(taskFolder, "task.json"), resultFile])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // Only what an agent gives a task: nothing of the test machine's cluster or earlier inputs.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("INPUT_", StringComparison.OrdinalIgnoreCase)
                     || k.StartsWith("ENDPOINT_", StringComparison.OrdinalIgnoreCase) || k is "KUBECONFIG" or "GRAYLANE_DOWNLOAD_URL").ToList())
            start.Environment.Remove(key);
        start.Environment["NODE_PATH"] = TaskHarnessTools.NodePath;
        start.Environment["HOME"] = agentDirectory;
        start.Environment["GRAYLANE_MOCK_CASE"] = testCase.ToJsonString();
        using var node = Process.Start(start)!;
        var stdout = node.StandardOutput.ReadToEndAsync();
        var stderr = node.StandardError.ReadToEndAsync();
        if (!node.WaitForExit(180_000))
        {
            node.Kill(entireProcessTree: true);
            throw new TimeoutException($"the task run did not finish: {stdout.Result}{stderr.Result}");
        }
        if (node.ExitCode != 0 || !File.Exists(resultFile))
            throw new InvalidOperationException($"MockTestRunner failed (exit {node.ExitCode}): {stdout.Result}{stderr.Result}");
        var result = JsonNode.Parse(File.ReadAllText(resultFile))!;
        return new MockTaskResult(
            (bool)result["succeeded"]!,
            result["outputs"]!.AsObject().ToDictionary(o => o.Key, o => (string)o.Value!),
            result["errors"]!.AsArray().Select(e => (string)e!).ToList(),
            (string)result["stdout"]!,
            (string)result["stderr"]!);
    }

    [GeneratedRegex(@"server:\s*(\S+)")]
    private static partial Regex Server();
}
