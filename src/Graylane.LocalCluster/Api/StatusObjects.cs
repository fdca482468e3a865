using System.Text.Json.Nodes;
using Graylane.LocalCluster.Validation;

namespace Graylane.LocalCluster.Api;

/// <summary>metav1.Status bodies and the common errors, worded as the real API server words them.</summary>
internal static class StatusObjects
{
    public static JsonObject Failure(int code, string reason, string message, JsonObject? details = null)
    {
        var status = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = message,
        };
        if (reason.Length > 0) status["reason"] = reason;
        if (details is not null) status["details"] = details;
        status["code"] = code;
        return status;
    }

    public static JsonObject Success(ServedResource r, string name, string? uid) => new()
    {
        ["kind"] = "Status",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject(),
        ["status"] = "Success",
        ["details"] = Details(r, name, uid),
    };

    public static JsonObject Details(ServedResource r, string name, string? uid = null)
    {
        var d = new JsonObject { ["name"] = name };
        if (r.Group.Length > 0) d["group"] = r.Group;
        d["kind"] = r.Plural;
        if (uid is not null) d["uid"] = uid;
        return d;
    }

    public static ApiException NotFound(ServedResource r, string name) =>
        new(404, "NotFound", $"{r.Type.Resource} \"{name}\" not found", Details(r, name));

    public static ApiException NamespaceNotFound(string ns) =>
        new(404, "NotFound", $"namespaces \"{ns}\" not found", new JsonObject { ["name"] = ns, ["kind"] = "namespaces" });

    public static ApiException UnknownPath() =>
        new(404, "NotFound", "the server could not find the requested resource", new JsonObject());

    public static ApiException BadRequest(string message) => new(400, "BadRequest", message);

    public static ApiException MethodNotAllowed(string method) =>
        new(405, "MethodNotAllowed", $"the server does not allow this method on the requested resource", new JsonObject());

    public static ApiException Forbidden(ServedResource r, string? ns, string? name, string verb, string user)
    {
        var what = name is null ? r.Type.Resource : $"{r.Type.Resource} \"{name}\"";
        var scope = ns is null ? "at the cluster scope" : $"in the namespace \"{ns}\"";
        var message = $"{what} is forbidden: User \"{user}\" cannot {verb} resource \"{r.Plural}\" in API group \"{r.Group}\" {scope}";
        return new ApiException(403, "Forbidden", message, Details(r, name ?? ""));
    }

    public static ApiException Invalid(ServedResource r, string name, IReadOnlyList<FieldError> errors)
    {
        var qualified = r.Group.Length == 0 ? r.Kind : $"{r.Kind}.{r.Group}";
        var list = errors.Select(e => e.ToString()).ToList();
        var joined = list.Count == 1 ? list[0] : "[" + string.Join(", ", list) + "]";
        var causes = new JsonArray(errors.Select(e => (JsonNode)new JsonObject
        {
            ["reason"] = e.Reason,
            ["message"] = e.Body,
            ["field"] = e.Field,
        }).ToArray());
        var details = new JsonObject { ["name"] = name };
        if (r.Group.Length > 0) details["group"] = r.Group;
        details["kind"] = r.Kind;
        details["causes"] = causes;
        return new ApiException(422, "Invalid", $"{qualified} {Validation.GoQuote.Quote(name)} is invalid: {joined}", details);
    }

    public static ApiException FromStore(Storage.StoreException e, ServedResource r, string name) =>
        new(e.Code, e.Reason, e.Message, Details(r, name));
}
