using System.Text.Json.Nodes;

namespace Graylane.LocalCluster.Tests.Api;

/// <summary>Field selectors as the real server has them: per-kind fields, =, == and !=, and a 400 for any other field.</summary>
public sealed class FieldSelectorTests
{
    private const string Objects = """
        apiVersion: v1
        kind: Pod
        metadata: {name: running}
        spec:
          nodeName: node-a
          containers: [{name: app, image: nginx}]
        status: {phase: Running}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: pending}
        spec:
          containers: [{name: app, image: nginx}]
        status: {phase: Pending}
        ---
        apiVersion: v1
        kind: Event
        metadata: {name: web.1}
        involvedObject: {kind: Deployment, name: web, namespace: default, apiVersion: apps/v1, uid: u-1}
        reason: ScalingReplicaSet
        type: Normal
        source: {component: deployment-controller}
        ---
        apiVersion: v1
        kind: Event
        metadata: {name: web-abc.1}
        involvedObject: {kind: Pod, name: web-abc, namespace: default, apiVersion: v1, uid: u-2}
        reason: Failed
        type: Warning
        source: {component: kubelet}
        ---
        apiVersion: v1
        kind: Secret
        metadata: {name: tls}
        type: kubernetes.io/tls
        data: {tls.crt: "", tls.key: ""}
        ---
        apiVersion: v1
        kind: Secret
        metadata: {name: plain}
        """;

    [Theory]
    [InlineData("pods", "status.phase=Running", "running")]
    [InlineData("pods", "status.phase!=Running", "pending")]
    [InlineData("pods", "spec.nodeName=node-a", "running")]
    [InlineData("pods", "spec.nodeName=", "pending")]
    [InlineData("pods", "status.phase==Pending,metadata.name=pending", "pending")]
    [InlineData("events", "involvedObject.kind=Pod", "web-abc.1")]
    [InlineData("events", "involvedObject.name=web", "web.1")]
    [InlineData("events", "involvedObject.kind!=Pod", "web.1")]
    [InlineData("events", "involvedObject.uid=u-2,type=Warning", "web-abc.1")]
    [InlineData("events", "involvedObject.apiVersion=apps/v1,involvedObject.namespace=default", "web.1")]
    [InlineData("events", "source=kubelet,reason=Failed", "web-abc.1")]
    [InlineData("secrets", "type=kubernetes.io/tls", "tls")]
    [InlineData("secrets", "type!=kubernetes.io/tls", "plain")]
    public async Task Kind_fields_select_as_upstream(string plural, string selector, string expected)
    {
        await using var c = await TestCluster.StartAsync();
        await c.Server.ApplyYamlAsync(Objects);

        var (code, body) = await c.SendJsonAsync(HttpMethod.Get, $"/api/v1/namespaces/default/{plural}?fieldSelector={Uri.EscapeDataString(selector)}");

        Assert.Equal(200, code);
        Assert.Equal([expected], body["items"]!.AsArray().Select(i => (string?)i!["metadata"]!["name"]));
    }

    [Theory]
    [InlineData("/api/v1/namespaces/default/pods", "status.hostIP=1.2.3.4", "field label not supported: status.hostIP")]
    [InlineData("/api/v1/namespaces/default/events", "involvedObject.foo=x", "field label not supported: involvedObject.foo")]
    [InlineData("/apis/apps/v1/namespaces/default/deployments", "spec.replicas=1", "\"spec.replicas\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\"")]
    [InlineData("/api/v1/namespaces/default/pods", "status.phase", "invalid selector: 'status.phase'; can't understand 'status.phase'")]
    public async Task Unsupported_fields_are_a_bad_request(string path, string selector, string message)
    {
        await using var c = await TestCluster.StartAsync();

        var (code, body) = await c.SendJsonAsync(HttpMethod.Get, $"{path}?fieldSelector={Uri.EscapeDataString(selector)}");

        Assert.Equal(400, code);
        Assert.Equal("BadRequest", (string?)body["reason"]);
        Assert.Equal(message, (string?)body["message"]);
    }

    [Fact]
    public async Task Custom_resources_select_by_the_crds_selectable_fields()
    {
        await using var c = await TestCluster.StartAsync(new LocalClusterOptions { LoadIstioCrds = false, ExtraCrdYaml = { Crd } });
        await c.Server.ApplyYamlAsync("""
            apiVersion: example.com/v1
            kind: Widget
            metadata: {name: red}
            spec: {color: red}
            ---
            apiVersion: example.com/v1
            kind: Widget
            metadata: {name: blue}
            spec: {color: blue}
            """);

        var (code, body) = await c.SendJsonAsync(HttpMethod.Get, "/apis/example.com/v1/namespaces/default/widgets?fieldSelector=spec.color%3Dblue");
        Assert.Equal(200, code);
        Assert.Equal(["blue"], body["items"]!.AsArray().Select(i => (string?)i!["metadata"]!["name"]));

        (code, body) = await c.SendJsonAsync(HttpMethod.Get, "/apis/example.com/v1/namespaces/default/widgets?fieldSelector=spec.size%3D1");
        Assert.Equal(400, code);
        Assert.Equal("field label not supported: spec.size", (string?)body["message"]);
    }

    [Fact]
    public async Task A_watch_sends_only_the_selected_objects()
    {
        await using var c = await TestCluster.StartAsync();
        await c.Server.ApplyYamlAsync(Objects);

        using var response = await c.SendAsync(HttpMethod.Get,
            "/api/v1/namespaces/default/events?watch=true&timeoutSeconds=1&fieldSelector=involvedObject.kind%3DPod");
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(["web-abc.1"], lines.Select(l => (string?)JsonNode.Parse(l)!["object"]!["metadata"]!["name"]));
    }

    internal const string Crd = """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata: {name: widgets.example.com}
        spec:
          group: example.com
          scope: Namespaced
          names: {kind: Widget, plural: widgets, singular: widget, listKind: WidgetList}
          versions:
          - name: v1
            served: true
            storage: true
            selectableFields:
            - jsonPath: .spec.color
            additionalPrinterColumns:
            - {name: Color, type: string, jsonPath: .spec.color}
            - {name: Size, type: integer, jsonPath: .spec.size, priority: 1}
            - {name: Age, type: date, jsonPath: .metadata.creationTimestamp}
            schema:
              openAPIV3Schema:
                type: object
                properties:
                  spec:
                    type: object
                    properties:
                      color: {type: string}
                      size: {type: integer}
        """;
}
