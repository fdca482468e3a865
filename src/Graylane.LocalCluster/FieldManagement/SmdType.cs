using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Graylane.LocalCluster.Schemas;

namespace Graylane.LocalCluster.FieldManagement;

internal enum SmdKind
{
    /// <summary>A leaf: strings, numbers, booleans, int-or-string, quantities, times.</summary>
    Scalar,
    /// <summary>An object with declared fields (properties); other keys are "not declared in schema" unless extra keys are allowed.</summary>
    Struct,
    /// <summary>A granular map (additionalProperties): each key is owned on its own.</summary>
    Map,
    /// <summary>x-kubernetes-map-type: atomic — owned and replaced as a whole (e.g. a LabelSelector).</summary>
    AtomicMap,
    /// <summary>x-kubernetes-list-type: map — items owned by their key fields.</summary>
    AssociativeList,
    /// <summary>x-kubernetes-list-type: set — scalar items owned by value.</summary>
    SetList,
    /// <summary>x-kubernetes-list-type: atomic, or no list type — owned and replaced as a whole.</summary>
    AtomicList,
    /// <summary>No schema (x-kubernetes-preserve-unknown-fields, RawExtension): objects are granular maps, arrays atomic.</summary>
    Deduced,
}

/// <summary>
/// The shape structured-merge-diff needs of a schema node: how it is owned and merged, its fields, items and list keys.
/// Built from the Kubernetes OpenAPI v2 definitions for built-in kinds or a CRD's OpenAPI v3 schema; one instance per
/// schema object (cached), so recursive definitions are cheap.
/// </summary>
internal sealed class SmdType
{
    private static readonly ConditionalWeakTable<JsonObject, SmdType> Cache = new();
    private static readonly Lazy<SmdType> ObjectMetaType = new(() => FromSchema(Definition("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta")));

    public static readonly SmdType Deduced = new() { Kind = SmdKind.Deduced };
    private static readonly SmdType ScalarType = new() { Kind = SmdKind.Scalar };

    private JsonObject? _schema;
    private Dictionary<string, SmdType>? _fields;
    private SmdType? _item, _extra;

    public SmdKind Kind { get; private init; }

    /// <summary>The key fields of an associative list.</summary>
    public IReadOnlyList<string> Keys { get; private init; } = [];

    /// <summary>A struct that also takes keys it does not declare (preserve-unknown-fields or additionalProperties).</summary>
    public bool AllowsUndeclared { get; private init; }

    /// <summary>A built-in kind's struct: structured-merge-diff sees it as a Go struct that always exists (see Walkers).</summary>
    public bool IsBuiltIn { get; private init; }

    /// <summary>The root type of a kind: a built-in's swagger definition, or a CRD version's schema with ObjectMeta for metadata.</summary>
    public static SmdType ForKind(ServedResource r)
    {
        if (!r.IsCustom && SwaggerDefinitions.ForKind(r.Group, r.Version, r.Kind) is { } def) return FromSchema(def, builtIn: true);
        var root = r.Schema is null ? new SmdType { Kind = SmdKind.Deduced } : FromSchema(r.Schema);
        if (root.Kind != SmdKind.Struct)
            root = new SmdType { Kind = SmdKind.Struct, _fields = new(StringComparer.Ordinal), AllowsUndeclared = true, _extra = Deduced };
        root.Fields();
        root._fields!["metadata"] = ObjectMetaType.Value;
        root._fields["apiVersion"] = ScalarType;
        root._fields["kind"] = ScalarType;
        return root;
    }

    public static SmdType FromSchema(JsonObject? schema, bool builtIn = false)
    {
        var resolved = SwaggerDefinitions.Resolve(schema);
        if (resolved is null) return Deduced;
        return Cache.GetValue(resolved, s => Build(s, builtIn));
    }

    private static SmdType Build(JsonObject s, bool builtIn)
    {
        var type = s["type"].Str();
        if (s["x-kubernetes-int-or-string"]?.GetValueKind() == System.Text.Json.JsonValueKind.True) return ScalarType;
        var preserve = s["x-kubernetes-preserve-unknown-fields"]?.GetValueKind() == System.Text.Json.JsonValueKind.True;
        if (type == "array")
        {
            return (s["x-kubernetes-list-type"].Str()) switch
            {
                "map" => new SmdType
                {
                    Kind = SmdKind.AssociativeList, _schema = s, IsBuiltIn = builtIn,
                    Keys = (s["x-kubernetes-list-map-keys"] as JsonArray ?? []).Select(k => k.Str() ?? "").ToList(),
                },
                "set" => new SmdType { Kind = SmdKind.SetList, _schema = s, IsBuiltIn = builtIn },
                _ => new SmdType { Kind = SmdKind.AtomicList, _schema = s, IsBuiltIn = builtIn },
            };
        }
        var hasProperties = s["properties"] is JsonObject { Count: > 0 };
        var additional = s["additionalProperties"] as JsonObject;
        if (type == "object" || hasProperties || additional is not null || preserve)
        {
            if (s["x-kubernetes-map-type"].Str() == "atomic") return new SmdType { Kind = SmdKind.AtomicMap, _schema = s };
            if (hasProperties)
                return new SmdType { Kind = SmdKind.Struct, _schema = s, IsBuiltIn = builtIn, AllowsUndeclared = preserve || additional is not null };
            if (additional is not null) return new SmdType { Kind = SmdKind.Map, _schema = s, IsBuiltIn = builtIn };
            return Deduced;
        }
        return type is null && !hasProperties ? Deduced : ScalarType;
    }

    /// <summary>The type of a struct's field or a map's values; null for a key a struct does not declare (and does not allow).</summary>
    public SmdType? Field(string name)
    {
        switch (Kind)
        {
            case SmdKind.Struct:
                if (Fields().TryGetValue(name, out var f)) return f;
                return AllowsUndeclared ? (_extra ??= _schema?["additionalProperties"] is JsonObject a ? FromSchema(a, IsBuiltIn) : Deduced) : null;
            case SmdKind.Map:
                return _extra ??= FromSchema(_schema?["additionalProperties"] as JsonObject, IsBuiltIn);
            default:
                return Deduced;
        }
    }

    public bool Declares(string name) => Kind == SmdKind.Struct && Fields().ContainsKey(name);

    public SmdType Item => _item ??= FromSchema(_schema?["items"] as JsonObject, IsBuiltIn);

    private Dictionary<string, SmdType> Fields()
    {
        if (_fields is not null) return _fields;
        var fields = new Dictionary<string, SmdType>(StringComparer.Ordinal);
        foreach (var (name, prop) in _schema?["properties"] as JsonObject ?? [])
            fields[name] = prop is JsonObject p ? FromSchema(p, IsBuiltIn) : Deduced;
        return _fields = fields;
    }

    private static JsonObject Definition(string name) => (JsonObject)EmbeddedSchemas.Swagger["definitions"]![name]!;
}
