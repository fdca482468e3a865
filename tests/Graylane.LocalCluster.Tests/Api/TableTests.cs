using System.Text.Json.Nodes;

namespace Graylane.LocalCluster.Tests.Api;

/// <summary>Server-side printing: Accept: application/json;as=Table gets kubectl's columns and cells, wide ones at priority 1.</summary>
public sealed class TableTests
{
    private const string TableAccept = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json";

    private const string Objects = """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          replicas: 3
          selector: {matchLabels: {app: web, tier: front}}
          template:
            metadata: {labels: {app: web, tier: front}}
            spec:
              containers:
              - {name: web, image: "nginx:1.27"}
              - {name: log, image: "busybox:1.36"}
        status: {replicas: 3, updatedReplicas: 2, readyReplicas: 1, availableReplicas: 1}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: web}
        spec:
          type: NodePort
          clusterIP: 10.96.0.20
          clusterIPs: [10.96.0.20]
          selector: {app: web}
          ports: [{name: http, port: 80, targetPort: 8080, nodePort: 30080}, {name: https, port: 443, protocol: TCP, nodePort: 30443}]
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: web-1}
        spec:
          nodeName: local-node
          containers: [{name: web, image: "nginx:1.27"}, {name: log, image: "busybox:1.36"}]
        status:
          phase: Running
          podIP: 10.244.0.7
          podIPs: [{ip: 10.244.0.7}]
          containerStatuses:
          - {name: web, ready: true, restartCount: 0, state: {running: {startedAt: "2024-01-01T00:00:00Z"}}}
          - {name: log, ready: false, restartCount: 3, state: {waiting: {reason: CrashLoopBackOff}}}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: settings}
        data: {a: "1", b: "2"}
        ---
        apiVersion: v1
        kind: Event
        metadata: {name: web-1.1}
        involvedObject: {kind: Pod, name: web-1, namespace: default, fieldPath: "spec.containers{log}"}
        reason: BackOff
        type: Warning
        message: "Back-off restarting failed container "
        count: 4
        source: {component: kubelet, host: local-node}
        """;

    [Fact]
    public async Task Deployments_list_as_ready_up_to_date_available_with_wide_columns()
    {
        await using var c = await TestCluster.StartAsync();
        await c.Server.ApplyYamlAsync(Objects);

        var table = await TableAsync(c, "/apis/apps/v1/namespaces/default/deployments");

        Assert.Equal("Table", (string?)table["kind"]);
        Assert.Equal("meta.k8s.io/v1", (string?)table["apiVersion"]);
        Assert.False(string.IsNullOrEmpty((string?)table["metadata"]!["resourceVersion"]));
        Assert.Equal(["Name", "Ready", "Up-to-date", "Available", "Age", "Containers", "Images", "Selector"], Columns(table));
        Assert.Equal([0, 0, 0, 0, 0, 1, 1, 1], table["columnDefinitions"]!.AsArray().Select(d => (int)d!["priority"]!));
        var cells = Row(table, 0);
        Assert.Equal("web", cells[0]);
        Assert.Equal("1/3", cells[1]);
        Assert.Equal("2", cells[2]);
        Assert.Equal("1", cells[3]);
        Assert.Matches("^[0-9]+s$", cells[4]);
        Assert.Equal(["web,log", "nginx:1.27,busybox:1.36", "app=web,tier=front"], cells[5..]);
        // includeObject defaults to Metadata: kubectl reads namespace and labels from it.
        var obj = table["rows"]![0]!["object"]!;
        Assert.Equal("PartialObjectMetadata", (string?)obj["kind"]);
        Assert.Equal("web", (string?)obj["metadata"]!["name"]);
        Assert.Null(obj["spec"]);
    }

    [Theory]
    [InlineData("/api/v1/namespaces/default/services/web", new[] { "Name", "Type", "Cluster-IP", "External-IP", "Port(s)", "Age", "Selector" },
        new[] { "web", "NodePort", "10.96.0.20", "<none>", "80:30080/TCP,443:30443/TCP", "*", "app=web" })]
    [InlineData("/api/v1/namespaces/default/pods/web-1", new[] { "Name", "Ready", "Status", "Restarts", "Age", "IP", "Node", "Nominated Node", "Readiness Gates" },
        new[] { "web-1", "1/2", "CrashLoopBackOff", "3", "*", "10.244.0.7", "local-node", "<none>", "<none>" })]
    [InlineData("/api/v1/namespaces/default/configmaps/settings", new[] { "Name", "Data", "Age" }, new[] { "settings", "2", "*" })]
    [InlineData("/api/v1/namespaces/default", new[] { "Name", "Status", "Age" }, new[] { "default", "Active", "*" })]
    [InlineData("/api/v1/namespaces/default/events/web-1.1",
        new[] { "Last Seen", "Type", "Reason", "Object", "Subobject", "Source", "Message", "First Seen", "Count", "Name" },
        new[] { "<unknown>", "Warning", "BackOff", "pod/web-1", "spec.containers{log}", "kubelet, local-node", "Back-off restarting failed container", "<unknown>", "4", "web-1.1" })]
    public async Task Get_of_one_object_has_the_kinds_columns(string path, string[] columns, string[] cells)
    {
        await using var c = await TestCluster.StartAsync();
        await c.Server.ApplyYamlAsync(Objects);

        var table = await TableAsync(c, path);

        Assert.Equal(columns, Columns(table));
        var row = Row(table, 0);
        for (var i = 0; i < cells.Length; i++)
            if (cells[i] != "*") Assert.Equal(cells[i], row[i]);
    }

    [Fact]
    public async Task Include_object_none_and_object_change_what_rows_carry()
    {
        await using var c = await TestCluster.StartAsync();
        await c.Server.ApplyYamlAsync(Objects);

        var none = await TableAsync(c, "/apis/apps/v1/namespaces/default/deployments?includeObject=None");
        Assert.Null(none["rows"]![0]!["object"]);
        var full = await TableAsync(c, "/apis/apps/v1/namespaces/default/deployments?includeObject=Object");
        Assert.Equal(3, (int?)full["rows"]![0]!["object"]!["spec"]!["replicas"]);
        Assert.Equal("Deployment", (string?)full["rows"]![0]!["object"]!["kind"]);
    }

    [Fact]
    public async Task Plain_json_clients_still_get_objects()
    {
        await using var c = await TestCluster.StartAsync();
        await c.Server.ApplyYamlAsync(Objects);

        var (code, body) = await c.SendJsonAsync(HttpMethod.Get, "/apis/apps/v1/namespaces/default/deployments");

        Assert.Equal(200, code);
        Assert.Equal("DeploymentList", (string?)body["kind"]);
    }

    [Fact]
    public async Task Custom_resources_use_the_crds_printer_columns()
    {
        await using var c = await TestCluster.StartAsync(new LocalClusterOptions { LoadIstioCrds = false, ExtraCrdYaml = { FieldSelectorTests.Crd } });
        await c.Server.ApplyYamlAsync("""
            apiVersion: example.com/v1
            kind: Widget
            metadata: {name: red}
            spec: {color: red, size: 3}
            ---
            apiVersion: example.com/v1
            kind: Widget
            metadata: {name: plain}
            spec: {}
            """);

        var table = await TableAsync(c, "/apis/example.com/v1/namespaces/default/widgets");

        Assert.Equal(["Name", "Color", "Size", "Age"], Columns(table));
        Assert.Equal([0, 0, 1, 0], table["columnDefinitions"]!.AsArray().Select(d => (int)d!["priority"]!));
        var plain = table["rows"]![0]!["cells"]!.AsArray();
        Assert.Equal("plain", (string?)plain[0]);
        Assert.Null(plain[1]); // a missing value is a null cell (kubectl prints <none>)
        var red = table["rows"]![1]!["cells"]!.AsArray();
        Assert.Equal("red", (string?)red[1]);
        Assert.Equal(3, (long?)red[2]);
        Assert.Matches("^[0-9]+s$", (string?)red[3]);
    }

    [Fact]
    public async Task Istio_virtual_services_show_their_gateways_and_hosts()
    {
        await using var c = await TestCluster.StartAsync();
        await c.Server.ApplyYamlAsync("""
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata: {name: reviews}
            spec:
              hosts: [reviews]
              http: [{route: [{destination: {host: reviews}}]}]
            """);

        var table = await TableAsync(c, "/apis/networking.istio.io/v1/namespaces/default/virtualservices");

        Assert.Equal(["Name", "Gateways", "Hosts", "Age"], Columns(table));
        var cells = table["rows"]![0]!["cells"]!.AsArray();
        Assert.Null(cells[1]);
        Assert.Equal("[\"reviews\"]", (string?)cells[2]);
    }

    [Fact]
    public async Task A_watch_asked_for_tables_streams_one_row_tables()
    {
        await using var c = await TestCluster.StartAsync();
        await c.Server.ApplyYamlAsync(Objects);

        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(c.Client.BaseUri, "/apis/apps/v1/namespaces/default/deployments?watch=true&timeoutSeconds=1"));
        request.Headers.TryAddWithoutValidation("Accept", TableAccept);
        await c.Client.Credentials.ProcessHttpRequestAsync(request, CancellationToken.None);
        using var response = await c.Client.HttpClient.SendAsync(request);
        var first = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries)[0];

        var ev = JsonNode.Parse(first)!;
        Assert.Equal("ADDED", (string?)ev["type"]);
        Assert.Equal("Table", (string?)ev["object"]!["kind"]);
        Assert.Equal("1/3", (string?)ev["object"]!["rows"]![0]!["cells"]![1]);
    }

    private static async Task<JsonObject> TableAsync(TestCluster c, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(c.Client.BaseUri, path));
        request.Headers.TryAddWithoutValidation("Accept", TableAccept);
        await c.Client.Credentials.ProcessHttpRequestAsync(request, CancellationToken.None);
        using var response = await c.Client.HttpClient.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return (JsonObject)JsonNode.Parse(text)!;
    }

    private static string[] Columns(JsonObject table) => table["columnDefinitions"]!.AsArray().Select(d => (string?)d!["name"] ?? "").ToArray();

    private static string[] Row(JsonObject table, int i) =>
        table["rows"]![i]!["cells"]!.AsArray().Select(x => x is JsonValue v && v.TryGetValue<string>(out var s) ? s : x?.ToJsonString() ?? "null").ToArray();
}
