using System.Text.Json.Nodes;

namespace Graylane.LocalCluster.Selectors;

/// <summary>
/// The fields a kind can be selected by, as the real API server has them: metadata.name and metadata.namespace
/// for every kind, plus the kind's own (pods: spec.nodeName, status.phase…; events: involvedObject.*, reason,
/// type…; a CRD's spec.versions[].selectableFields). Any other field is a 400, worded as upstream words it.
/// </summary>
public sealed class SelectableFields
{
    private readonly IReadOnlyDictionary<string, Func<JsonObject, string>> _fields;
    private readonly Func<string, string> _unsupported;

    private SelectableFields(IReadOnlyDictionary<string, Func<JsonObject, string>> fields, Func<string, string> unsupported)
    {
        _fields = fields;
        _unsupported = unsupported;
    }

    /// <summary>The value a field has on an object; throws FormatException (the server's message) for an unknown field.</summary>
    public Func<JsonObject, string> Reader(string field) =>
        _fields.TryGetValue(field, out var read) ? read : throw new FormatException(_unsupported(field));

    public IEnumerable<string> Names => _fields.Keys;

    /// <summary>Built-in kinds by group and plural; custom resources by their CRD's selectableFields (JSONPaths like .spec.color).</summary>
    public static SelectableFields For(string group, string plural, JsonObject? crdVersion = null)
    {
        var fields = new Dictionary<string, Func<JsonObject, string>>(StringComparer.Ordinal)
        {
            ["metadata.name"] = o => Path(o, "metadata.name"),
            ["metadata.namespace"] = o => Path(o, "metadata.namespace"),
        };
        // Kinds with their own field-label conversion answer "field label not supported"; the others use the generic
        // conversion's wording (apimachinery's DefaultMetaV1FieldSelectorConversion).
        var own = true;
        switch (group, plural)
        {
            case ("", "pods"):
                foreach (var f in new[] { "spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName", "status.phase", "status.nominatedNodeName" })
                    fields[f] = o => Path(o, f);
                fields["spec.hostNetwork"] = o => Flag(o["spec"]?["hostNetwork"]);
                fields["status.podIP"] = o => Path(o, "status.podIP");
                break;
            case ("", "events"):
                foreach (var f in new[] { "involvedObject.kind", "involvedObject.namespace", "involvedObject.name", "involvedObject.uid",
                             "involvedObject.apiVersion", "involvedObject.resourceVersion", "involvedObject.fieldPath", "reason", "reportingComponent", "type" })
                    fields[f] = o => Path(o, f);
                fields["source"] = o => Path(o, "source.component");
                break;
            case ("", "namespaces"):
                fields["status.phase"] = o => Path(o, "status.phase");
                break;
            case ("", "secrets"):
                fields["type"] = o => Path(o, "type");
                break;
            case ("", "nodes"):
                fields["spec.unschedulable"] = o => Flag(o["spec"]?["unschedulable"]);
                break;
            case ("", "replicationcontrollers") or ("apps", "replicasets"):
                fields["status.replicas"] = o => (o["status"]?["replicas"].Long() ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture);
                break;
            case ("batch", "jobs"):
                fields["status.successful"] = o => (o["status"]?["succeeded"].Long() ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture);
                break;
            case ("certificates.k8s.io", "certificatesigningrequests"):
                fields["spec.signerName"] = o => Path(o, "spec.signerName");
                break;
            case ("", _):
                break; // the rest of core/v1 has a conversion function that knows only name and namespace
            default:
                own = false;
                break;
        }
        if (crdVersion?["selectableFields"] is JsonArray selectable)
        {
            own = true;
            foreach (var jsonPath in selectable.Select(s => s?["jsonPath"].Str()).OfType<string>())
            {
                var path = jsonPath.TrimStart('.');
                fields[path] = o => Path(o, path);
            }
        }
        return new SelectableFields(fields, own
            ? field => $"field label not supported: {field}"
            : field => $"\"{field}\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\"");
    }

    private static string Flag(JsonNode? node) => node is JsonValue v && v.TryGetValue<bool>(out var b) && b ? "true" : "false";

    /// <summary>A dotted path read as the string the server compares: absent is "", numbers and booleans in their JSON form.</summary>
    private static string Path(JsonObject obj, string path)
    {
        JsonNode? node = obj;
        foreach (var part in path.Split('.')) node = node is JsonObject o ? o[part] : null;
        return node switch
        {
            null => "",
            JsonValue v when v.TryGetValue<string>(out var s) => s,
            _ => node.ToJsonString(),
        };
    }
}
