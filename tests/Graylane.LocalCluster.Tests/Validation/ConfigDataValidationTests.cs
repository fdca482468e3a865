using System.Text;

namespace Graylane.LocalCluster.Tests.Validation;

/// <summary>ConfigMaps and Secrets as the real server checks them: keys, immutable objects, a Secret's type and the keys it requires.</summary>
public sealed class ConfigDataValidationTests
{
    [Fact]
    public async Task An_immutable_config_map_keeps_its_data_and_stays_immutable()
    {
        await using var c = await TestCluster.StartAsync();
        Assert.Equal(201, (await c.SendJsonAsync(HttpMethod.Post, "/api/v1/namespaces/default/configmaps",
            """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cfg"},"data":{"color":"blue"},"immutable":true}""")).Code);

        var (code, status) = await c.SendJsonAsync(HttpMethod.Patch, "/api/v1/namespaces/default/configmaps/cfg",
            """{"data":{"color":"red"}}""", "application/merge-patch+json");
        Assert.Equal(422, code);
        Assert.Equal("ConfigMap \"cfg\" is invalid: data: Forbidden: field is immutable when `immutable` is set", (string?)status["message"]);
        Assert.Equal("FieldValueForbidden", (string?)status["details"]!["causes"]![0]!["reason"]);

        (code, status) = await c.SendJsonAsync(HttpMethod.Patch, "/api/v1/namespaces/default/configmaps/cfg",
            """{"immutable":false}""", "application/merge-patch+json");
        Assert.Equal(422, code);
        Assert.Equal("ConfigMap \"cfg\" is invalid: immutable: Forbidden: field is immutable when `immutable` is set", (string?)status["message"]);

        // Labels are not data: they still change.
        Assert.Equal(200, (await c.SendJsonAsync(HttpMethod.Patch, "/api/v1/namespaces/default/configmaps/cfg",
            """{"metadata":{"labels":{"team":"web"}}}""", "application/merge-patch+json")).Code);
        Assert.Equal("blue", (string?)c.Server.Get("v1", "ConfigMap", "default", "cfg")!["data"]!["color"]);
    }

    [Fact]
    public async Task Keys_must_be_config_keys_and_not_in_both_data_and_binary_data()
    {
        await using var c = await TestCluster.StartAsync();
        var (code, status) = await c.SendJsonAsync(HttpMethod.Post, "/api/v1/namespaces/default/configmaps",
            """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cfg"},"data":{"a b":"1","x":"2"},"binaryData":{"x":"Mg=="}}""");
        Assert.Equal(422, code);
        Assert.Equal("ConfigMap \"cfg\" is invalid: [data[a b]: Invalid value: \"a b\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' " +
                     "(e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+'), " +
                     "data[x]: Invalid value: \"x\": duplicate of key present in binaryData]", (string?)status["message"]);
    }

    [Fact]
    public async Task String_data_is_folded_into_data_and_never_stored()
    {
        await using var c = await TestCluster.StartAsync();
        var (code, secret) = await c.SendJsonAsync(HttpMethod.Post, "/api/v1/namespaces/default/secrets",
            """{"apiVersion":"v1","kind":"Secret","metadata":{"name":"db"},"data":{"user":"YWRtaW4=","password":"b2xk"},"stringData":{"password":"hunter2"}}""");

        Assert.Equal(201, code);
        Assert.Equal("Opaque", (string?)secret["type"]);
        Assert.Null(secret["stringData"]);
        Assert.Equal("hunter2", Encoding.UTF8.GetString(Convert.FromBase64String((string)secret["data"]!["password"]!)));
        Assert.Equal("YWRtaW4=", (string?)secret["data"]!["user"]);
        Assert.Null(c.Server.Get("v1", "Secret", "default", "db")!["stringData"]);
    }

    [Fact]
    public async Task A_secrets_type_is_immutable_and_requires_its_keys()
    {
        await using var c = await TestCluster.StartAsync();
        Assert.Equal(201, (await c.SendJsonAsync(HttpMethod.Post, "/api/v1/namespaces/default/secrets",
            """{"apiVersion":"v1","kind":"Secret","metadata":{"name":"db"},"stringData":{"password":"hunter2"}}""")).Code);

        var (code, status) = await c.SendJsonAsync(HttpMethod.Patch, "/api/v1/namespaces/default/secrets/db",
            """{"type":"kubernetes.io/basic-auth"}""", "application/merge-patch+json");
        Assert.Equal(422, code);
        Assert.Equal("Secret \"db\" is invalid: type: Invalid value: \"kubernetes.io/basic-auth\": field is immutable", (string?)status["message"]);

        (code, status) = await c.SendJsonAsync(HttpMethod.Post, "/api/v1/namespaces/default/secrets",
            """{"apiVersion":"v1","kind":"Secret","metadata":{"name":"tls"},"type":"kubernetes.io/tls","data":{"tls.crt":"Y2VydA=="}}""");
        Assert.Equal(422, code);
        Assert.Equal("Secret \"tls\" is invalid: data[tls.key]: Required value", (string?)status["message"]);

        Assert.Equal(201, (await c.SendJsonAsync(HttpMethod.Post, "/api/v1/namespaces/default/secrets",
            """{"apiVersion":"v1","kind":"Secret","metadata":{"name":"sealed"},"data":{"k":"dg=="},"immutable":true}""")).Code);
        (code, status) = await c.SendJsonAsync(HttpMethod.Patch, "/api/v1/namespaces/default/secrets/sealed",
            """{"stringData":{"k":"w"}}""", "application/merge-patch+json");
        Assert.Equal(422, code);
        Assert.Equal("Secret \"sealed\" is invalid: data: Forbidden: field is immutable when `immutable` is set", (string?)status["message"]);
    }
}
