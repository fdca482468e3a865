using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Graylane.LocalCluster.Authorization;

namespace Graylane.LocalCluster.Tests.Authorization;

/// <summary>RBAC mode: ServiceAccount tokens the cluster issues, judged by the stored roles and bindings, 403s worded as upstream.</summary>
public sealed class RbacEnforcementTests
{
    private const string Setup = """
        apiVersion: v1
        kind: ServiceAccount
        metadata: {name: ci}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec: {containers: [{name: web, image: "nginx:1.27"}]}
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: Role
        metadata: {name: deployer}
        rules:
        - apiGroups: [apps]
          resources: [deployments]
          verbs: [get, list]
        - apiGroups: [apps]
          resources: [deployments/scale]
          resourceNames: [web]
          verbs: [get, patch]
        - apiGroups: [apps]
          resources: [deployments]
          resourceNames: [web]
          verbs: [watch]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata: {name: deployer}
        subjects: [{kind: ServiceAccount, name: ci}]
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: deployer}
        """;

    private static async Task<(TestCluster Cluster, string Token)> StartAsync()
    {
        var c = await TestCluster.StartAsync(new LocalClusterOptions { Authorization = AuthorizationMode.Rbac });
        await c.Server.ApplyYamlAsync(Setup);
        var (code, body) = await c.SendJsonAsync(HttpMethod.Post, "/api/v1/namespaces/default/serviceaccounts/ci/token",
            """{"apiVersion":"authentication.k8s.io/v1","kind":"TokenRequest","spec":{"expirationSeconds":3600}}""");
        Assert.Equal(201, code);
        return (c, (string)body["status"]!["token"]!);
    }

    private static async Task<(int Code, JsonObject? Body)> AsAsync(TestCluster c, string token, HttpMethod method, string path, string? body = null,
        string contentType = "application/merge-patch+json")
    {
        using var request = new HttpRequestMessage(method, new Uri(c.Client.BaseUri, path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }
        using var response = await c.Client.HttpClient.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.StartsWith('{') ? JsonNode.Parse(text) as JsonObject : null);
    }

    [Fact]
    public async Task Rules_allow_their_verbs_resources_subresources_and_names_and_nothing_else()
    {
        var (c, token) = await StartAsync();
        await using var _ = c;

        Assert.Equal(200, (await AsAsync(c, token, HttpMethod.Get, "/apis/apps/v1/namespaces/default/deployments")).Code);
        Assert.Equal(200, (await AsAsync(c, token, HttpMethod.Get, "/apis/apps/v1/namespaces/default/deployments/web/scale")).Code);
        Assert.Equal(200, (await AsAsync(c, token, HttpMethod.Patch, "/apis/apps/v1/namespaces/default/deployments/web/scale", """{"spec":{"replicas":3}}""")).Code);

        var (code, status) = await AsAsync(c, token, HttpMethod.Patch, "/apis/apps/v1/namespaces/default/deployments/web", """{"spec":{"replicas":4}}""");
        Assert.Equal(403, code);
        Assert.Equal("Forbidden", (string?)status!["reason"]);
        Assert.Equal("deployments.apps \"web\" is forbidden: User \"system:serviceaccount:default:ci\" cannot patch resource \"deployments\" in API group \"apps\" in the namespace \"default\"",
            (string?)status["message"]);
        Assert.Equal("web", (string?)status["details"]!["name"]);
        Assert.Equal("apps", (string?)status["details"]!["group"]);
        Assert.Equal("deployments", (string?)status["details"]!["kind"]);

        (code, status) = await AsAsync(c, token, HttpMethod.Get, "/apis/apps/v1/namespaces/default/deployments/other/scale");
        Assert.Equal(403, code);
        Assert.Contains("cannot get resource \"deployments/scale\" in API group \"apps\"", (string?)status!["message"]);

        (code, status) = await AsAsync(c, token, HttpMethod.Get, "/api/v1/namespaces/default/pods");
        Assert.Equal("pods is forbidden: User \"system:serviceaccount:default:ci\" cannot list resource \"pods\" in API group \"\" in the namespace \"default\"",
            (string?)status!["message"]);
        (code, status) = await AsAsync(c, token, HttpMethod.Get, "/apis/apps/v1/namespaces/kube-system/deployments");
        Assert.Equal(403, code);
        (code, status) = await AsAsync(c, token, HttpMethod.Get, "/apis/apps/v1/deployments");
        Assert.Contains("cannot list resource \"deployments\" in API group \"apps\" at the cluster scope", (string?)status!["message"]);
    }

    [Fact]
    public async Task A_watch_of_one_named_object_is_judged_as_that_object()
    {
        var (c, token) = await StartAsync();
        await using var _ = c;

        Assert.Equal(200, (await AsAsync(c, token, HttpMethod.Get, "/apis/apps/v1/namespaces/default/deployments?watch=true&timeoutSeconds=1&fieldSelector=metadata.name%3Dweb")).Code);
        var (code, status) = await AsAsync(c, token, HttpMethod.Get, "/apis/apps/v1/namespaces/default/deployments?watch=true&timeoutSeconds=1");
        Assert.Equal(403, code);
        Assert.Contains("cannot watch resource \"deployments\"", (string?)status!["message"]);
    }

    [Fact]
    public async Task Discovery_and_health_stay_readable_and_other_paths_are_forbidden()
    {
        var (c, token) = await StartAsync();
        await using var _ = c;

        foreach (var path in new[] { "/api", "/apis", "/api/v1", "/apis/apps/v1", "/openapi/v3", "/version", "/healthz" })
            Assert.True((await AsAsync(c, token, HttpMethod.Get, path)).Code == 200, path);
        // (/metrics is the mesh telemetry a Prometheus scrapes, outside the API; /logs is the API server's own.)
        var (code, status) = await AsAsync(c, token, HttpMethod.Get, "/logs");
        Assert.Equal(403, code);
        Assert.Equal("forbidden: User \"system:serviceaccount:default:ci\" cannot get path \"/logs\"", (string?)status!["message"]);
    }

    [Fact]
    public async Task Cluster_roles_bound_in_a_namespace_apply_there_only_and_bindings_to_groups_work()
    {
        var (c, token) = await StartAsync();
        await using var _ = c;
        await c.Server.ApplyYamlAsync("""
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRole
            metadata: {name: config-reader}
            rules: [{apiGroups: [""], resources: [configmaps, namespaces], verbs: [get, list]}]
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: RoleBinding
            metadata: {name: config-reader, namespace: kube-system}
            subjects: [{kind: Group, name: "system:serviceaccounts:default", apiGroup: rbac.authorization.k8s.io}]
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: config-reader}
            """);

        Assert.Equal(200, (await AsAsync(c, token, HttpMethod.Get, "/api/v1/namespaces/kube-system/configmaps")).Code);
        Assert.Equal(200, (await AsAsync(c, token, HttpMethod.Get, "/api/v1/namespaces/kube-system")).Code); // a namespace is in itself
        Assert.Equal(403, (await AsAsync(c, token, HttpMethod.Get, "/api/v1/namespaces/default/configmaps")).Code);
        Assert.Equal(403, (await AsAsync(c, token, HttpMethod.Get, "/api/v1/namespaces/default")).Code);
    }

    [Fact]
    public async Task Tokens_name_their_service_account_and_stop_working_when_it_is_deleted()
    {
        var (c, token) = await StartAsync();
        await using var _ = c;

        var (code, review) = await AsAsync(c, token, HttpMethod.Post, "/apis/authentication.k8s.io/v1/selfsubjectreviews",
            """{"apiVersion":"authentication.k8s.io/v1","kind":"SelfSubjectReview"}""", "application/json");
        Assert.Equal(201, code);
        Assert.Equal("system:serviceaccount:default:ci", (string?)review!["status"]!["userInfo"]!["username"]);
        Assert.Contains("system:serviceaccounts:default", review["status"]!["userInfo"]!["groups"]!.AsArray().Select(g => (string?)g));

        (code, review) = await AsAsync(c, token, HttpMethod.Post, "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews",
            """{"apiVersion":"authorization.k8s.io/v1","kind":"SelfSubjectAccessReview","spec":{"resourceAttributes":{"namespace":"default","verb":"patch","group":"apps","resource":"deployments","subresource":"scale","name":"web"}}}""",
            "application/json");
        Assert.True((bool)review!["status"]!["allowed"]!);

        Assert.Equal(200, (await c.SendJsonAsync(HttpMethod.Delete, "/api/v1/namespaces/default/serviceaccounts/ci")).Code);
        Assert.Equal(401, (await AsAsync(c, token, HttpMethod.Get, "/apis/apps/v1/namespaces/default/deployments")).Code);
        Assert.Equal(401, (await AsAsync(c, "not-a-token", HttpMethod.Get, "/api")).Code);
    }

    [Fact]
    public async Task A_token_request_is_refused_for_a_missing_account_and_a_too_short_life()
    {
        var (c, _) = await StartAsync();
        await using var __ = c;

        Assert.Equal(404, (await c.SendJsonAsync(HttpMethod.Post, "/api/v1/namespaces/default/serviceaccounts/nobody/token", "{}")).Code);
        var (code, status) = await c.SendJsonAsync(HttpMethod.Post, "/api/v1/namespaces/default/serviceaccounts/ci/token", """{"spec":{"expirationSeconds":60}}""");
        Assert.Equal(422, code);
        Assert.Contains("spec.expirationSeconds: Invalid value: 60: may not specify a duration less than 10 minutes", (string?)status["message"]);
    }

    [Fact]
    public async Task Without_rbac_every_authenticated_request_is_allowed()
    {
        await using var c = await TestCluster.StartAsync();
        await c.Server.ApplyYamlAsync(Setup);
        var (token, _) = c.Server.Authorization.IssueToken("default", "ci");

        Assert.Equal(200, (await AsAsync(c, token, HttpMethod.Get, "/api/v1/namespaces/default/pods")).Code);
    }
}
