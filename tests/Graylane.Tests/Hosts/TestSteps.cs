using Graylane.Core.Hosting;

namespace Graylane.Tests.Hosts;

/// <summary>A deploy-gray-like input list covering every kind of input the hosts handle.</summary>
internal static class TestSteps
{
    public const string Command = "deploy-gray";

    public static readonly IReadOnlyList<StepInput> Inputs =
    [
        new("app", "Application name", Required: true),
        new("service", "Kubernetes Service in front of the app", Required: true),
        new("weight", "Percent of traffic for the gray version", Default: "10", Aliases: ["percent"]),
        new("scale-down-delay", "How long the old version stays after promotion", Default: "30s"),
        new("match", "Header match sending a request to gray (repeatable)", Repeatable: true),
        new("keep-on-failure", "Leave the gray version running when a check fails", IsSwitch: true),
        new("token", "API token", Secret: true),
        new("kubeconfig", "Kubeconfig content"),
    ];

    public const string KubeconfigToken = "eyJhbGciOiJSUzI1NiJ9.c2VjcmV0.ZmFrZQ";

    public static readonly string Kubeconfig = $"""
        apiVersion: v1
        kind: Config
        clusters:
        - name: prod
          cluster:
            server: https://10.0.0.1:6443
            certificate-authority-data: Q0EtREFUQQ==
        users:
        - name: deployer
          user:
            token: {KubeconfigToken}
        contexts:
        - name: prod
          context:
            cluster: prod
            user: deployer
        current-context: prod
        """;

    public static Dictionary<string, string> Env(params (string Key, string Value)[] pairs)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in pairs)
            env[key] = value;
        return env;
    }

    public static string[] Lines(StringWriter writer) =>
        writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
