using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Graylane.LocalCluster.Schemas;

namespace Graylane.LocalCluster.Api;

/// <summary>
/// /openapi/v3: an index of group-versions and one OpenAPI 3 document per built-in group-version,
/// converted from the embedded swagger (paths + the definitions they reach). kubectl reads these to learn
/// that the server validates fields itself (fieldValidation) and which patch types each kind accepts,
/// and takes strategic-merge metadata from them. Custom resource group-versions are not listed: kubectl
/// then uses JSON merge patch for them and asks the CRD kind about fieldValidation, as with a real server.
/// </summary>
internal static class OpenApiV3Documents
{
    private static readonly ConcurrentDictionary<string, string?> Cache = new();

    public static JsonObject Index(ResourceRegistry registry)
    {
        var paths = new JsonObject();
        foreach (var gv in BuiltInGroupVersions(registry))
            paths[gv] = new JsonObject { ["serverRelativeURL"] = $"/openapi/v3/{gv}?hash={Hash(gv)}" };
        return new JsonObject { ["paths"] = paths };
    }

    /// <summary>The document for "api/v1" or "apis/apps/v1"; null when not served.</summary>
    public static string? Document(ResourceRegistry registry, string gv) =>
        BuiltInGroupVersions(registry).Contains(gv) ? Cache.GetOrAdd(gv, Build) : null;

    private static IReadOnlyList<string> BuiltInGroupVersions(ResourceRegistry registry) =>
        registry.All.Where(r => !r.IsCustom)
            .Select(r => r.Group.Length == 0 ? $"api/{r.Version}" : $"apis/{r.Group}/{r.Version}")
            .Distinct().ToList();

    private static string Hash(string gv) =>
        Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes("graylane-1.36/" + gv)))[..32];

    private static string? Build(string gv)
    {
        var swagger = EmbeddedSchemas.Swagger;
        var swaggerPaths = (JsonObject)swagger["paths"]!;
        var parameters = (JsonObject)swagger["parameters"]!;
        var prefix = "/" + gv + "/";
        var paths = new JsonObject();
        foreach (var (path, item) in swaggerPaths)
        {
            if (!path.StartsWith(prefix, StringComparison.Ordinal) || item is not JsonObject ops) continue;
            var converted = new JsonObject();
            foreach (var (method, op) in ops)
            {
                if (method == "parameters")
                    converted["parameters"] = new JsonArray(((JsonArray)op!).Select(p => (JsonNode?)Parameter(p, parameters)).Where(p => p is not null).ToArray());
                else if (op is JsonObject operation)
                    converted[method] = Operation(operation, parameters);
            }
            paths[path] = converted;
        }
        var schemas = new JsonObject();
        var definitions = (JsonObject)swagger["definitions"]!;
        var pending = new Queue<string>(References(paths));
        var seen = new HashSet<string>();
        while (pending.TryDequeue(out var name))
        {
            if (!seen.Add(name) || definitions[name] is not JsonObject def) continue;
            var copy = Rewrite(def);
            schemas[name] = copy;
            foreach (var r in References(copy)) pending.Enqueue(r);
        }
        var doc = new JsonObject
        {
            ["openapi"] = "3.0.0",
            ["info"] = new JsonObject { ["title"] = "Kubernetes", ["version"] = "v1.36.0" },
            ["paths"] = Rewrite(paths),
            ["components"] = new JsonObject { ["schemas"] = schemas },
        };
        return doc.ToJsonString();
    }

    private static JsonObject Operation(JsonObject op, JsonObject sharedParameters)
    {
        var result = new JsonObject();
        var consumes = (op["consumes"] as JsonArray)?.Select(c => c.Str() ?? "").ToList() ?? ["application/json"];
        var produces = (op["produces"] as JsonArray)?.Select(c => c.Str() ?? "").ToList() ?? ["application/json"];
        foreach (var (key, value) in op)
        {
            switch (key)
            {
                case "consumes" or "produces" or "schemes": break;
                case "parameters":
                    var list = new JsonArray();
                    foreach (var p in (JsonArray)value!)
                    {
                        var resolved = Resolve(p, sharedParameters);
                        if (resolved?["in"].Str() == "body")
                            result["requestBody"] = new JsonObject
                            {
                                ["content"] = Content(consumes, resolved["schema"]),
                                ["required"] = (bool?)resolved["required"] ?? false,
                            };
                        else if (Parameter(p, sharedParameters) is { } converted) list.Add(converted);
                    }
                    result["parameters"] = list;
                    break;
                case "responses":
                    var responses = new JsonObject();
                    foreach (var (code, resp) in (JsonObject)value!)
                    {
                        var r = new JsonObject { ["description"] = resp?["description"]?.DeepClone() };
                        if (resp?["schema"] is { } schema) r["content"] = Content(produces, schema);
                        responses[code] = r;
                    }
                    result["responses"] = responses;
                    break;
                default: result[key] = value?.DeepClone(); break;
            }
        }
        return result;
    }

    private static JsonObject Content(IEnumerable<string> types, JsonNode? schema)
    {
        var content = new JsonObject();
        foreach (var t in types) content[t] = new JsonObject { ["schema"] = schema?.DeepClone() };
        return content;
    }

    private static JsonObject? Resolve(JsonNode? p, JsonObject shared) =>
        p?["$ref"].Str() is { } r ? shared[r["#/parameters/".Length..]] as JsonObject : p as JsonObject;

    private static JsonObject? Parameter(JsonNode? p, JsonObject shared)
    {
        var resolved = Resolve(p, shared);
        if (resolved is null || resolved["in"].Str() == "body") return null;
        var result = new JsonObject();
        var schema = new JsonObject();
        foreach (var (key, value) in resolved)
        {
            if (key is "type" or "uniqueItems" or "format" or "items") schema[key] = value?.DeepClone();
            else result[key] = value?.DeepClone();
        }
        result["schema"] = schema;
        return result;
    }

    private static IEnumerable<string> References(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, value) in o)
                {
                    if (key == "$ref" && value.Str() is { } r)
                        yield return r[(r.LastIndexOf('/') + 1)..];
                    else foreach (var x in References(value)) yield return x;
                }
                break;
            case JsonArray a:
                foreach (var item in a)
                foreach (var x in References(item)) yield return x;
                break;
        }
    }

    /// <summary>Copies a node with swagger "#/definitions/" references rewritten to OpenAPI 3 components.</summary>
    private static JsonObject Rewrite(JsonObject node) =>
        (JsonObject)JsonNode.Parse(node.ToJsonString().Replace("\"#/definitions/", "\"#/components/schemas/"))!;
}
