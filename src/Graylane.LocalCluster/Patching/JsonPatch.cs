using System.Text.Json.Nodes;

namespace Graylane.LocalCluster.Patching;

/// <summary>RFC 6902 JSON patch: add, remove, replace, move, copy, test (RFC 6901 pointers, "-" appends).</summary>
internal static class JsonPatch
{
    public static JsonNode? Apply(JsonNode? document, JsonNode? patch)
    {
        if (patch is not JsonArray ops) throw new PatchException(400, "json: cannot unmarshal object into Go value of type jsonpatch.Patch");
        var root = document?.DeepClone();
        foreach (var opNode in ops)
        {
            if (opNode is not JsonObject op) throw new PatchException(400, "invalid JSON patch operation");
            var kind = op["op"].Str() ?? throw new PatchException(400, "Unexpected kind: unknown");
            var path = op["path"].Str() ?? throw new PatchException(422, $"doc is missing path field");
            switch (kind)
            {
                case "add": root = Add(root, path, Value(op)); break;
                case "remove": root = Remove(root, path, out _); break;
                case "replace":
                    root = Remove(root, path, out _);
                    root = Add(root, path, Value(op));
                    break;
                case "move":
                {
                    var from = op["from"].Str() ?? throw new PatchException(422, "missing from field");
                    root = Remove(root, from, out var moved);
                    root = Add(root, path, moved);
                    break;
                }
                case "copy":
                {
                    var from = op["from"].Str() ?? throw new PatchException(422, "missing from field");
                    root = Add(root, path, Get(root, from)?.DeepClone());
                    break;
                }
                case "test":
                {
                    var actual = Get(root, path, mustExist: false);
                    if (!JsonNode.DeepEquals(actual, op["value"]))
                        throw new PatchException(422, $"testing value {path} failed: test failed");
                    break;
                }
                default: throw new PatchException(400, $"Unexpected kind: {kind}");
            }
        }
        return root;
    }

    private static JsonNode? Value(JsonObject op) =>
        op.ContainsKey("value") ? op["value"]?.DeepClone() : throw new PatchException(422, "missing value field");

    private static List<string> Tokens(string pointer)
    {
        if (pointer.Length == 0) return [];
        if (pointer[0] != '/') throw new PatchException(422, $"JSON pointer must start with '/': {pointer}");
        return pointer[1..].Split('/').Select(t => t.Replace("~1", "/").Replace("~0", "~")).ToList();
    }

    private static JsonNode? Get(JsonNode? root, string pointer, bool mustExist = true)
    {
        var node = root;
        foreach (var t in Tokens(pointer))
        {
            node = node switch
            {
                JsonObject o when o.TryGetPropertyValue(t, out var child) => child,
                JsonArray a when int.TryParse(t, out var i) && i >= 0 && i < a.Count => a[i],
                _ => mustExist ? throw new PatchException(422, $"Unable to get value at {pointer}: not found") : null,
            };
            if (node is null && !mustExist) return null;
        }
        return node;
    }

    private static JsonNode? Add(JsonNode? root, string pointer, JsonNode? value)
    {
        var tokens = Tokens(pointer);
        if (tokens.Count == 0) return value;
        var parent = Get(root, ParentPointer(tokens));
        var last = tokens[^1];
        switch (parent)
        {
            case JsonObject o: o[last] = value; break;
            case JsonArray a:
                if (last == "-") a.Add(value);
                else if (int.TryParse(last, out var i) && i >= 0 && i <= a.Count) a.Insert(i, value);
                else throw new PatchException(422, $"add operation does not apply: doc is missing path: \"{pointer}\": missing value");
                break;
            default: throw new PatchException(422, $"add operation does not apply: doc is missing path: \"{pointer}\": missing value");
        }
        return root;
    }

    private static JsonNode? Remove(JsonNode? root, string pointer, out JsonNode? removed)
    {
        var tokens = Tokens(pointer);
        if (tokens.Count == 0) { removed = root; return null; }
        var parent = Get(root, ParentPointer(tokens));
        var last = tokens[^1];
        switch (parent)
        {
            case JsonObject o when o.ContainsKey(last):
                removed = o[last];
                o.Remove(last);
                break;
            case JsonArray a when int.TryParse(last, out var i) && i >= 0 && i < a.Count:
                removed = a[i];
                a.RemoveAt(i);
                break;
            default:
                throw new PatchException(422, $"remove operation does not apply: doc is missing path: \"{pointer}\": missing value");
        }
        return root;
    }

    private static string ParentPointer(List<string> tokens) =>
        tokens.Count == 1 ? "" : "/" + string.Join('/', tokens.Take(tokens.Count - 1).Select(Escape));

    private static string Escape(string token) => token.Replace("~", "~0").Replace("/", "~1");
}
