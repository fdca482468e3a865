using System.Text.Json.Nodes;

namespace Graylane.LocalCluster.Tests.Cel;

/// <summary>A test CRD whose schema carries one rule of each kind: root, immutable, messageExpression, optionalOldSelf, map-list, fieldPath, unsupported.</summary>
internal static class WidgetCrd
{
    public const string Path = "/apis/cel.example.com/v1/namespaces/default/widgets";

    public static string Definition(int maxSize = 10) => """
        {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition","metadata":{"name":"widgets.cel.example.com"},
         "spec":{"group":"cel.example.com","scope":"Namespaced","names":{"kind":"Widget","plural":"widgets","singular":"widget"},
          "versions":[{"name":"v1","served":true,"storage":true,"schema":{"openAPIV3Schema":{
            "type":"object",
            "x-kubernetes-validations":[{"rule":"self.metadata.name.startsWith('w')","message":"name must start with w"}],
            "properties":{"spec":{"type":"object","properties":{
              "owner":{"type":"string","x-kubernetes-validations":[{"rule":"self == oldSelf","message":"owner is immutable"}]},
              "replicas":{"type":"integer","x-kubernetes-validations":[{"rule":"self >= oldSelf","message":"replicas may only grow",
                "messageExpression":"'replicas may not shrink from ' + string(oldSelf) + ' to ' + string(self)"}]},
              "size":{"type":"integer","x-kubernetes-validations":[{"rule":"self <= MAX_SIZE","message":"too big"}]},
              "tier":{"type":"string","x-kubernetes-validations":[{"rule":"oldSelf.hasValue() || self != 'gold'","optionalOldSelf":true,
                "message":"gold can only be set on update","reason":"FieldValueForbidden"}]},
              "slug":{"type":"string","x-kubernetes-validations":[{"rule":"!format.dns1123Label().validate(self).hasValue()","message":"slug must be a DNS label"}]},
              "version":{"type":"string","x-kubernetes-validations":[{"rule":"isSemver(self)","message":"version must be a semantic version"}]},
              "limits":{"type":"object","properties":{"cpu":{"type":"integer"}},
                "x-kubernetes-validations":[{"rule":"!has(self.cpu) || self.cpu <= 4","fieldPath":".cpu","message":"cpu at most 4","reason":"FieldValueForbidden"}]},
              "ports":{"type":"array","x-kubernetes-list-type":"map","x-kubernetes-list-map-keys":["name"],
                "items":{"type":"object","required":["name"],"properties":{"name":{"type":"string"},
                  "port":{"type":"integer","x-kubernetes-validations":[{"rule":"self == oldSelf","message":"port is immutable"}]}}}},
              "tags":{"type":"array","items":{"type":"string","x-kubernetes-validations":[{"rule":"self == oldSelf","message":"tags never correlate"}]}}
            }}}}}}]}}
        """.Replace("MAX_SIZE", maxSize.ToString());

    public static string Widget(string spec, string name = "web") =>
        $$"""{"apiVersion":"cel.example.com/v1","kind":"Widget","metadata":{"name":"{{name}}"},"spec":""" + spec + "}";

    public static async Task InstallAsync(TestCluster c, int maxSize = 10)
    {
        var (code, body) = await c.SendJsonAsync(HttpMethod.Post, "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", Definition(maxSize));
        Assert.True(code == 201, body.ToJsonString());
    }

    public static async Task<(int Code, JsonObject Body, string[] Warnings)> SendAsync(TestCluster c, HttpMethod method, string path, string body,
        string contentType = "application/json")
    {
        using var response = await c.SendAsync(method, path, body, contentType);
        var text = await response.Content.ReadAsStringAsync();
        var warnings = response.Headers.TryGetValues("Warning", out var w) ? w.ToArray() : [];
        return ((int)response.StatusCode, (JsonObject)JsonNode.Parse(text)!, warnings);
    }
}
