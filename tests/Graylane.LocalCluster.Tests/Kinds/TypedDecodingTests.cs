using System.Text.Json.Nodes;

namespace Graylane.LocalCluster.Tests.Kinds;

/// <summary>Built-in kinds are decoded as a real server decodes them into their Go types: wrong types, unknown and required fields.</summary>
public sealed class TypedDecodingTests
{
    private const string Deployment = """
        {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},
         "spec":{"replicas":2,"selector":{"matchLabels":{"app":"web"}},
                 "template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"web","image":"nginx"}]}}}}
        """;

    private const string Url = "/apis/apps/v1/namespaces/default/deployments";

    [Fact]
    public async Task A_value_of_the_wrong_type_is_a_400_decode_error_worded_as_go_words_it()
    {
        await using var c = await TestCluster.StartAsync();
        var (code, status) = await c.SendJsonAsync(HttpMethod.Post, Url, Deployment.Replace("\"replicas\":2", "\"replicas\":\"two\""));
        Assert.Equal(400, code);
        Assert.Equal("BadRequest", (string?)status["reason"]);
        Assert.Equal("Deployment in version \"v1\" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32",
            (string?)status["message"]);

        (code, status) = await c.SendJsonAsync(HttpMethod.Post, Url, Deployment.Replace("\"image\":\"nginx\"", "\"image\":\"nginx\",\"ports\":[{\"containerPort\":\"80\"}]"));
        Assert.Equal(400, code);
        Assert.EndsWith("Go struct field ContainerPort.spec.template.spec.containers.ports.containerPort of type int32", (string?)status["message"]);

        (code, status) = await c.SendJsonAsync(HttpMethod.Post, Url, Deployment.Replace("\"labels\":{\"app\":\"web\"}}", "\"labels\":{\"app\":1}}"));
        Assert.Equal(400, code);
        Assert.EndsWith("Go struct field ObjectMeta.spec.template.metadata.labels of type string", (string?)status["message"]);

        (code, status) = await c.SendJsonAsync(HttpMethod.Post, "/api/v1/namespaces/default/configmaps",
            """{"metadata":{"name":"q"},"data":{"a":"b"},"binaryData":{"x":"***"}}""");
        Assert.Equal(400, code);
        Assert.Equal("ConfigMap in version \"v1\" cannot be handled as a ConfigMap: illegal base64 data at input byte 0", (string?)status["message"]);
        Assert.Empty(c.Server.List("apps/v1", "Deployment", "default"));
    }

    [Fact]
    public async Task Unknown_fields_are_refused_under_strict_validation_and_otherwise_dropped_with_a_warning()
    {
        await using var c = await TestCluster.StartAsync();
        var withTypos = Deployment.Replace("\"replicas\":2", "\"replicas\":2,\"replica\":3").Replace("\"image\":\"nginx\"", "\"image\":\"nginx\",\"imagePullPolice\":\"Always\"");
        var (code, status) = await c.SendJsonAsync(HttpMethod.Post, Url + "?fieldValidation=Strict", withTypos);
        Assert.Equal(400, code);
        Assert.Equal("Deployment in version \"v1\" cannot be handled as a Deployment: strict decoding error: unknown field \"spec.replica\", unknown field \"spec.template.spec.containers[0].imagePullPolice\"",
            (string?)status["message"]);

        using var response = await c.SendAsync(HttpMethod.Post, Url + "?fieldValidation=Warn", withTypos);
        Assert.Equal(201, (int)response.StatusCode);
        Assert.Contains("299 - \"unknown field \\\"spec.replica\\\"\"", response.Headers.GetValues("Warning"));
        var stored = c.Server.Get("apps/v1", "Deployment", "default", "web")!;
        Assert.Null(stored["spec"]!["replica"]);
        Assert.Null(stored["spec"]!["template"]!["spec"]!["containers"]![0]!["imagePullPolice"]);
    }

    [Fact]
    public async Task Required_fields_of_the_types_are_422_with_their_paths()
    {
        await using var c = await TestCluster.StartAsync();
        var (code, status) = await c.SendJsonAsync(HttpMethod.Post, "/apis/rbac.authorization.k8s.io/v1/namespaces/default/roles",
            """{"metadata":{"name":"r"},"rules":[{"apiGroups":[""],"resources":["pods"]}]}""");
        Assert.Equal(422, code);
        Assert.Equal("Role.rbac.authorization.k8s.io \"r\" is invalid: rules[0].verbs: Required value", (string?)status["message"]);
        Assert.Equal("rules[0].verbs", (string?)status["details"]!["causes"]![0]!["field"]);

        (code, status) = await c.SendJsonAsync(HttpMethod.Post, "/apis/networking.k8s.io/v1/namespaces/default/ingresses",
            """{"metadata":{"name":"i"},"spec":{"rules":[{"http":{"paths":[{"path":"/","backend":{"service":{"name":"web","port":{"number":80}}}}]}}]}}""");
        Assert.Equal(422, code);
        Assert.Contains("spec.rules[0].http.paths[0].pathType: Required value", (string?)status["message"]);

        // Status is its writers' business: required markers there are not enforced (real servers do not either).
        var (ok, _) = await c.SendJsonAsync(HttpMethod.Post, "/apis/apps/v1/namespaces/default/deployments",
            Deployment.Replace("\"spec\":{\"replicas\"", "\"status\":{\"conditions\":[{\"reason\":\"x\"}]},\"spec\":{\"replicas\""));
        Assert.Equal(201, ok);
    }
}
