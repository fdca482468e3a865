using Graylane.Cli;
using Graylane.Kubernetes;

namespace Graylane.Tests.Cli;

/// <summary>
/// `graylane sandbox --authorization rbac` and `graylane sandbox token --service-account ns/name`, run as a user runs
/// them: the token works as that ServiceAccount, which gets what its Role grants and a real 403 for anything else.
/// </summary>
public class SandboxAuthorizationTests
{
    private const string Policy = """
        apiVersion: v1
        kind: ServiceAccount
        metadata: {name: ci}
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: Role
        metadata: {name: reader}
        rules: [{apiGroups: [""], resources: [configmaps], verbs: [list]}]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata: {name: reader}
        subjects: [{kind: ServiceAccount, name: ci}]
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: reader}
        """;

    [Fact]
    public async Task A_token_for_a_service_account_gets_only_what_its_role_grants()
    {
        var dir = Directory.CreateTempSubdirectory("graylane-sandbox-rbac-").FullName;
        using var stop = new CancellationTokenSource();
        var policy = Path.Combine(dir, "policy.yaml");
        await File.WriteAllTextAsync(policy, Policy);
        var kubeconfig = Path.Combine(dir, "kubeconfig");
        var sandbox = Task.Run(() => CommandDispatcher.RunAsync(
            ["sandbox", "--authorization", "rbac", "--apply", policy, "--write-kubeconfig", kubeconfig],
            new Dictionary<string, string>(), new StringWriter(), new StringWriter(), stop.Token));
        try
        {
            await WrittenAsync(kubeconfig, sandbox);

            var stdout = new StringWriter();
            var code = await CommandDispatcher.RunAsync(["sandbox", "token", "--kubeconfig", kubeconfig, "--service-account", "default/ci"],
                new Dictionary<string, string>(), stdout, new StringWriter(), CancellationToken.None);
            Assert.Equal(0, code);
            var token = stdout.ToString().Trim();
            Assert.Equal(3, token.Split('.').Length); // a JWT, alone on stdout for $(graylane sandbox token …)

            var asCi = Path.Combine(dir, "ci.kubeconfig");
            var admin = await File.ReadAllTextAsync(kubeconfig);
            Assert.Contains("token: graylane-local-token", admin);
            await File.WriteAllTextAsync(asCi, admin.Replace("token: graylane-local-token", $"token: {token}"));
            using var kube = KubeConnection.Open(asCi, null, null, new Dictionary<string, string>());
            Assert.Empty(await kube.ListItemsAsync(KubeResource.ConfigMaps, "default"));
            var denied = await Assert.ThrowsAsync<KubeApiException>(() => kube.ListItemsAsync(KubeResource.Pods, "default"));
            Assert.Contains("pods is forbidden: User \"system:serviceaccount:default:ci\" cannot list resource \"pods\" in API group \"\" in the namespace \"default\"",
                denied.Message);
        }
        finally
        {
            await stop.CancelAsync();
            Assert.Equal(0, await sandbox);
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task A_token_for_a_missing_service_account_fails_and_bad_input_is_refused()
    {
        var dir = Directory.CreateTempSubdirectory("graylane-sandbox-rbac-").FullName;
        using var stop = new CancellationTokenSource();
        var kubeconfig = Path.Combine(dir, "kubeconfig");
        var sandbox = Task.Run(() => CommandDispatcher.RunAsync(["sandbox", "--authorization", "rbac", "--write-kubeconfig", kubeconfig],
            new Dictionary<string, string>(), new StringWriter(), new StringWriter(), stop.Token));
        try
        {
            await WrittenAsync(kubeconfig, sandbox);
            var stderr = new StringWriter();
            Assert.Equal(1, await CommandDispatcher.RunAsync(["sandbox", "token", "--kubeconfig", kubeconfig, "--service-account", "default/nobody"],
                new Dictionary<string, string>(), new StringWriter(), stderr, CancellationToken.None));
            Assert.Contains("not found", stderr.ToString());

            stderr = new StringWriter();
            Assert.Equal(2, await CommandDispatcher.RunAsync(["sandbox", "token", "--kubeconfig", kubeconfig, "--service-account", "default/ci", "--duration", "5m"],
                new Dictionary<string, string>(), new StringWriter(), stderr, CancellationToken.None));
            Assert.Contains("--duration 5m is too short", stderr.ToString());
        }
        finally
        {
            await stop.CancelAsync();
            Assert.Equal(0, await sandbox);
            Directory.Delete(dir, recursive: true);
        }

        var refused = new StringWriter();
        Assert.Equal(2, await CommandDispatcher.RunAsync(["sandbox", "--authorization", "abac"], new Dictionary<string, string>(),
            new StringWriter(), refused, CancellationToken.None));
        Assert.Contains("--authorization \"abac\" is not known; use always-allow or rbac", refused.ToString());
    }

    /// <summary>Waits until the sandbox has written its whole kubeconfig.</summary>
    private static async Task WrittenAsync(string kubeconfig, Task<int> sandbox)
    {
        while (!sandbox.IsCompleted && !(File.Exists(kubeconfig) && (await File.ReadAllTextAsync(kubeconfig)).Contains("current-context", StringComparison.Ordinal)))
            await Task.Delay(50);
        Assert.False(sandbox.IsCompleted, "the sandbox stopped before writing its kubeconfig");
    }
}
