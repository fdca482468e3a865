using Graylane.LocalCluster.Authorization;

namespace Graylane.LocalCluster.Tests.Kubectl;

/// <summary>kubectl with a ServiceAccount token on an RBAC-enforcing local cluster: create token, can-i, whoami, a 403.</summary>
public sealed class KubectlRbacTests
{
    [KubectlFact]
    public async Task A_service_account_gets_what_its_role_grants_and_a_real_forbidden_otherwise()
    {
        await using var c = await TestCluster.StartAsync(new LocalClusterOptions { Authorization = AuthorizationMode.Rbac });
        var admin = new KubectlRunner(c);
        await admin.OkAsync("apply", "-f", admin.WriteFile("rbac.yaml", """
            apiVersion: v1
            kind: ServiceAccount
            metadata: {name: ci}
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: Role
            metadata: {name: reader}
            rules: [{apiGroups: [""], resources: [configmaps], verbs: [get, list, watch]}]
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: RoleBinding
            metadata: {name: reader}
            subjects: [{kind: ServiceAccount, name: ci, namespace: default}]
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: reader}
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: settings}
            data: {a: "1"}
            """));
        var token = (await admin.OkAsync("create", "token", "ci")).Trim();
        var ci = new KubectlRunner(c, c.Server.KubeconfigYaml("default", token: token));

        Assert.Contains("system:serviceaccount:default:ci", await ci.OkAsync("auth", "whoami"));
        Assert.Equal("yes", (await ci.OkAsync("auth", "can-i", "list", "configmaps")).Trim());
        var (no, answer, _) = await ci.RunAsync("auth", "can-i", "delete", "configmaps");
        Assert.Equal(1, no);
        Assert.Equal("no", answer.Trim());

        Assert.Contains("settings", await ci.OkAsync("get", "configmaps"));
        var (exit, _, error) = await ci.RunAsync("delete", "configmap", "settings");
        Assert.NotEqual(0, exit);
        Assert.Contains("Error from server (Forbidden): configmaps \"settings\" is forbidden: User \"system:serviceaccount:default:ci\" cannot delete resource \"configmaps\" in API group \"\" in the namespace \"default\"", error);
    }
}
