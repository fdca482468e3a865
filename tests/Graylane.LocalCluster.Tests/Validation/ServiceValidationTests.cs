using System.Net;
using System.Text.Json.Nodes;

namespace Graylane.LocalCluster.Tests.Validation;

/// <summary>
/// Services as the real server stores and checks them: defaults and an allocated clusterIP (and nodePorts), kept when a
/// client leaves them out of an update, never changed once set, and the type and port rules kubectl users meet.
/// </summary>
public sealed class ServiceValidationTests
{
    private const string Path = "/api/v1/namespaces/default/services";

    private static string Service(string name, string spec) =>
        $$"""{"apiVersion":"v1","kind":"Service","metadata":{"name":"{{name}}"},"spec":{{spec}}}""";

    [Fact]
    public async Task A_service_gets_the_servers_defaults_and_a_cluster_ip_from_the_service_range()
    {
        await using var c = await TestCluster.StartAsync();
        var (code, svc) = await c.SendJsonAsync(HttpMethod.Post, Path, Service("web", """{"selector":{"app":"web"},"ports":[{"port":80}]}"""));

        Assert.Equal(201, code);
        var spec = svc["spec"]!;
        Assert.Equal("ClusterIP", (string?)spec["type"]);
        Assert.Equal("None", (string?)spec["sessionAffinity"]);
        Assert.Equal("Cluster", (string?)spec["internalTrafficPolicy"]);
        Assert.Equal("""[{"port":80,"protocol":"TCP","targetPort":80}]""", spec["ports"]!.ToJsonString());
        var ip = IPAddress.Parse((string)spec["clusterIP"]!).GetAddressBytes();
        Assert.True(ip[0] == 10 && ip[1] >= 96 && ip[1] <= 111, (string?)spec["clusterIP"]); // 10.96.0.0/12
        Assert.Equal($"[\"{(string?)spec["clusterIP"]}\"]", spec["clusterIPs"]!.ToJsonString());
        Assert.Equal("""["IPv4"]""", spec["ipFamilies"]!.ToJsonString());
        Assert.Equal("SingleStack", (string?)spec["ipFamilyPolicy"]);
        Assert.Null(spec["externalTrafficPolicy"]); // only for Services reachable from outside

        // Two Services never share an address.
        var (_, other) = await c.SendJsonAsync(HttpMethod.Post, Path, Service("api", """{"selector":{"app":"api"},"ports":[{"port":80}]}"""));
        Assert.NotEqual((string?)spec["clusterIP"], (string?)other["spec"]!["clusterIP"]);
    }

    [Fact]
    public async Task Node_ports_are_allocated_in_range_and_kept_when_an_update_leaves_them_out()
    {
        await using var c = await TestCluster.StartAsync();
        var (code, svc) = await c.SendJsonAsync(HttpMethod.Post, Path,
            Service("web", """{"type":"NodePort","selector":{"app":"web"},"ports":[{"name":"http","port":80}]}"""));
        Assert.Equal(201, code);
        var nodePort = (int)svc["spec"]!["ports"]![0]!["nodePort"]!;
        Assert.InRange(nodePort, 30000, 32767);
        Assert.Equal("Cluster", (string?)svc["spec"]!["externalTrafficPolicy"]);

        // A PUT of the file as written (no clusterIP, no nodePort) keeps what the server allocated.
        var put = JsonNode.Parse(Service("web", """{"type":"NodePort","selector":{"app":"web2"},"ports":[{"name":"http","port":80}]}"""))!;
        put["metadata"]!["resourceVersion"] = svc["metadata"]!["resourceVersion"]!.DeepClone();
        (code, var updated) = await c.SendJsonAsync(HttpMethod.Put, Path + "/web", put.ToJsonString());
        Assert.Equal(200, code);
        Assert.Equal(nodePort, (int?)updated["spec"]!["ports"]![0]!["nodePort"]);
        Assert.Equal((string?)svc["spec"]!["clusterIP"], (string?)updated["spec"]!["clusterIP"]);
        Assert.Equal("web2", (string?)updated["spec"]!["selector"]!["app"]);

        // A node port another Service holds is refused.
        (code, var status) = await c.SendJsonAsync(HttpMethod.Post, Path,
            Service("api", $$"""{"type":"NodePort","ports":[{"port":80,"nodePort":{{nodePort}}}]}"""));
        Assert.Equal(422, code);
        Assert.Equal($"Service \"api\" is invalid: spec.ports[0].nodePort: Invalid value: {nodePort}: provided port is already allocated", (string?)status["message"]);
    }

    [Fact]
    public async Task The_cluster_ip_may_not_change_once_set()
    {
        await using var c = await TestCluster.StartAsync();
        var (_, svc) = await c.SendJsonAsync(HttpMethod.Post, Path, Service("web", """{"clusterIP":"10.96.7.7","selector":{"app":"web"},"ports":[{"port":80}]}"""));
        Assert.Equal("""["10.96.7.7"]""", svc["spec"]!["clusterIPs"]!.ToJsonString());

        var (code, status) = await c.SendJsonAsync(HttpMethod.Patch, Path + "/web", """{"spec":{"clusterIP":"10.96.8.8"}}""", "application/merge-patch+json");

        Assert.Equal(422, code);
        Assert.Equal("Service \"web\" is invalid: spec.clusterIPs[0]: Invalid value: [\"10.96.8.8\"]: may not change once set", (string?)status["message"]);
        Assert.Equal("spec.clusterIPs[0]", (string?)status["details"]!["causes"]![0]!["field"]);
        Assert.Equal("10.96.7.7", (string?)c.Server.Get("v1", "Service", "default", "web")!["spec"]!["clusterIP"]);

        // An address outside the service range, or taken, is refused at create.
        (code, status) = await c.SendJsonAsync(HttpMethod.Post, Path, Service("far", """{"clusterIP":"192.168.0.1","ports":[{"port":80}]}"""));
        Assert.Equal(422, code);
        Assert.Equal("Service \"far\" is invalid: spec.clusterIPs: Invalid value: [\"192.168.0.1\"]: failed to allocate IP 192.168.0.1: the provided IP (192.168.0.1) is not in the valid range. The range of valid IPs is 10.96.0.0/12",
            (string?)status["message"]);
        (code, status) = await c.SendJsonAsync(HttpMethod.Post, Path, Service("twin", """{"clusterIP":"10.96.7.7","ports":[{"port":80}]}"""));
        Assert.Equal(422, code);
        Assert.Contains("provided IP is already allocated", (string?)status["message"]);
    }

    [Fact]
    public async Task Type_and_port_rules_kubectl_users_meet()
    {
        await using var c = await TestCluster.StartAsync();
        async Task<string?> RefusedAsync(string spec)
        {
            var (code, status) = await c.SendJsonAsync(HttpMethod.Post, Path, Service("bad", spec));
            Assert.True(code == 422, status.ToJsonString());
            return (string?)status["message"];
        }

        Assert.Equal("Service \"bad\" is invalid: spec.type: Unsupported value: \"Internal\": supported values: \"ClusterIP\", \"NodePort\", \"LoadBalancer\", \"ExternalName\"",
            await RefusedAsync("""{"type":"Internal","ports":[{"port":80}]}"""));
        Assert.Equal("Service \"bad\" is invalid: spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'",
            await RefusedAsync("""{"ports":[{"port":80,"nodePort":30080}]}"""));
        // targetPort defaults to the port, so it is out of range too, as upstream reports.
        Assert.Equal("Service \"bad\" is invalid: [spec.ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive, " +
                     "spec.ports[0].targetPort: Invalid value: 70000: must be between 1 and 65535, inclusive]",
            await RefusedAsync("""{"ports":[{"port":70000}]}"""));
        Assert.Equal("Service \"bad\" is invalid: spec.ports[1].name: Required value",
            await RefusedAsync("""{"ports":[{"name":"http","port":80},{"port":443}]}"""));
        Assert.Equal("Service \"bad\" is invalid: spec.ports[1].name: Duplicate value: \"http\"",
            await RefusedAsync("""{"ports":[{"name":"http","port":80},{"name":"http","port":443}]}"""));
        Assert.Equal("Service \"bad\" is invalid: spec.ports[0].protocol: Unsupported value: \"HTTP\": supported values: \"SCTP\", \"TCP\", \"UDP\"",
            await RefusedAsync("""{"ports":[{"port":80,"protocol":"HTTP"}]}"""));
        Assert.Contains("spec.ports[0].targetPort: Invalid value: \"Web_Port\": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)",
            await RefusedAsync("""{"ports":[{"port":80,"targetPort":"Web_Port"}]}"""));
        Assert.Equal("Service \"bad\" is invalid: spec.externalName: Required value",
            await RefusedAsync("""{"type":"ExternalName"}"""));
        Assert.Equal("Service \"bad\" is invalid: spec.clusterIPs[0]: Invalid value: \"None\": may not be set to 'None' for NodePort services",
            await RefusedAsync("""{"type":"NodePort","clusterIP":"None","ports":[{"port":80}]}"""));

        // A headless Service needs no ports; an ExternalName one gets no address.
        var (code, headless) = await c.SendJsonAsync(HttpMethod.Post, Path, Service("db", """{"clusterIP":"None","selector":{"app":"db"}}"""));
        Assert.Equal(201, code);
        Assert.Equal("""["None"]""", headless["spec"]!["clusterIPs"]!.ToJsonString());
        (code, var external) = await c.SendJsonAsync(HttpMethod.Post, Path, Service("ext", """{"type":"ExternalName","externalName":"db.example.com"}"""));
        Assert.Equal(201, code);
        Assert.Null(external["spec"]!["clusterIP"]);
    }
}
