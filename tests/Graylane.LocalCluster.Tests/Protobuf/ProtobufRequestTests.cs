using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Graylane.LocalCluster.Protobuf;

namespace Graylane.LocalCluster.Tests.Protobuf;

/// <summary>Protobuf request bodies over HTTP, and the zero values only the Go types can tell apart.</summary>
public sealed class ProtobufRequestTests
{
    private static ProtoWriter Meta(string name) => new ProtoWriter().String(1, name);

    [Fact]
    public void A_set_pointer_keeps_its_zero_and_an_omitempty_field_left_at_zero_is_left_out()
    {
        var container = new ProtoWriter().String(1, "web").String(2, "nginx").Message(8, new ProtoWriter()); // resources: {}
        var deployment = new ProtoWriter()
            .Message(1, Meta("web"))
            .Message(2, new ProtoWriter()
                .Varint(1, 0)                                     // replicas *int32 = 0: shown
                .Varint(5, 0)                                     // minReadySeconds int32 omitempty = 0: left out
                .Varint(7, 0)                                     // paused bool omitempty = false: left out
                .Message(3, new ProtoWriter().Message(2, new ProtoWriter().Message(2, container))));
        var json = KubernetesProtobuf.Decode(ProtoWriter.Envelope("apps/v1", "Deployment", deployment));

        Assert.Equal("apps/v1", (string?)json["apiVersion"]);
        Assert.Equal("Deployment", (string?)json["kind"]);
        var spec = json["spec"]!.AsObject();
        Assert.Equal(0, (int?)spec["replicas"]);
        Assert.False(spec.ContainsKey("minReadySeconds"));
        Assert.False(spec.ContainsKey("paused"));
        var c = spec["template"]!["spec"]!["containers"]![0]!;
        Assert.Equal("""{"name":"web","image":"nginx","resources":{}}""", c.ToJsonString());
    }

    [Fact]
    public void A_field_without_omitempty_keeps_its_zero()
    {
        var port = new ProtoWriter().Varint(3, 0).String(4, "TCP"); // containerPort has no omitempty
        var pod = new ProtoWriter().Message(1, Meta("p")).Message(2, new ProtoWriter()
            .Message(2, new ProtoWriter().String(1, "c").String(2, "busybox").Message(6, port)));
        var json = KubernetesProtobuf.Decode(ProtoWriter.Envelope("v1", "Pod", pod));
        Assert.Equal("""{"containerPort":0,"protocol":"TCP"}""", json["spec"]!["containers"]![0]!["ports"]![0]!.ToJsonString());
    }

    [Fact]
    public async Task A_protobuf_configmap_is_created_and_answered_in_json()
    {
        await using var c = await TestCluster.StartAsync();
        var data = new ProtoWriter().String(1, "a").String(2, "1");
        var binary = new ProtoWriter().String(1, "bin").Bytes(2, [0, 1, 2]);
        var cm = new ProtoWriter().Message(1, Meta("cfg")).Message(2, data).Message(3, binary);
        using var response = await Send(c, HttpMethod.Post, "/api/v1/namespaces/default/configmaps", ProtoWriter.Envelope("v1", "ConfigMap", cm));
        Assert.Equal(201, (int)response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        var stored = c.Server.Get("v1", "ConfigMap", "default", "cfg")!;
        Assert.Equal("1", (string?)stored["data"]!["a"]);
        Assert.Equal("AAEC", (string?)stored["binaryData"]!["bin"]);
    }

    [Fact]
    public async Task A_protobuf_body_of_a_kind_without_a_proto_message_is_415_and_a_garbled_one_400()
    {
        await using var c = await TestCluster.StartAsync();
        var vs = new ProtoWriter().Message(1, Meta("web"));
        using (var response = await Send(c, HttpMethod.Post, "/apis/networking.istio.io/v1/namespaces/default/virtualservices",
                   ProtoWriter.Envelope("networking.istio.io/v1", "VirtualService", vs)))
        {
            Assert.Equal(415, (int)response.StatusCode);
            var status = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            Assert.Equal("UnsupportedMediaType", (string?)status["reason"]);
            Assert.StartsWith("the body of the request was in an unknown format - accepted media types include: application/json, application/yaml", (string?)status["message"]);
        }
        using (var response = await Send(c, HttpMethod.Post, "/api/v1/namespaces/default/configmaps", [0x6b, 0x38, 0x73, 0x00, 0x0a, 0xff]))
            Assert.Equal(400, (int)response.StatusCode);
        using (var response = await Send(c, HttpMethod.Post, "/api/v1/namespaces/default/configmaps", "{\"metadata\":{}}"u8.ToArray()))
            Assert.Equal(400, (int)response.StatusCode); // JSON sent as protobuf: no magic
        Assert.Empty(c.Server.List("v1", "ConfigMap", "default"));
        Assert.Empty(c.Server.List("networking.istio.io/v1", "VirtualService", "default"));
    }

    [Fact]
    public async Task A_client_that_prefers_protobuf_answers_is_answered_in_json()
    {
        await using var c = await TestCluster.StartAsync();
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(c.Client.BaseUri, "/api/v1/namespaces/default"));
        request.Headers.Accept.ParseAdd("application/vnd.kubernetes.protobuf");
        await c.Client.Credentials.ProcessHttpRequestAsync(request, default);
        using var response = await c.Client.HttpClient.SendAsync(request);
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("default", (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["metadata"]!["name"]);
    }

    private static async Task<HttpResponseMessage> Send(TestCluster c, HttpMethod method, string path, byte[] body)
    {
        var request = new HttpRequestMessage(method, new Uri(c.Client.BaseUri, path)) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/vnd.kubernetes.protobuf");
        request.Headers.Accept.ParseAdd("application/vnd.kubernetes.protobuf, */*");
        await c.Client.Credentials.ProcessHttpRequestAsync(request, default);
        return await c.Client.HttpClient.SendAsync(request);
    }
}
