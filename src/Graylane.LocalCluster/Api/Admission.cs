using System.Text.Json.Nodes;
using Graylane.LocalCluster.Storage;
using Graylane.LocalCluster.Validation;
using Graylane.LocalCluster.Validation.Cel.Schema;
using Microsoft.AspNetCore.Http;

namespace Graylane.LocalCluster.Api;

/// <summary>
/// What every write goes through before storage: pruning of undeclared fields (custom resources with a
/// structural schema; built-in kinds by their Go types, TypedDecoding), schema defaults, fieldValidation=Strict/Warn,
/// decode errors → 400, metadata checks, kind checks or schema validation and CEL rules (with the old object on update,
/// for transition rules) → 422.
/// </summary>
internal static class Admission
{
    public static void Admit(ResourceRequest req, JsonObject obj, JsonObject? old = null) =>
        Admit(req.Resource, obj, req.FieldValidation, req.Http.Response, old);

    public static void Admit(ServedResource r, JsonObject obj, string fieldValidation = "Ignore", HttpResponse? warnings = null,
        JsonObject? old = null)
    {
        var errors = new List<FieldError>();
        if (r.Schema is { } schema)
        {
            var pruned = SchemaPruner.Prune(obj, schema);
            if (pruned.Count > 0) ReportUnknown(r, pruned, fieldValidation, warnings);
            SchemaDefaulter.Apply(obj, schema);
        }
        else if (!r.IsCustom && TypedDecoding.Check(obj, r.Group, r.Version, r.Kind) is { } typed)
        {
            if (typed.DecodeError is { } decode) throw StatusObjects.BadRequest($"{CannotBeHandled(r)}{decode}");
            if (typed.Unknown.Count > 0) ReportUnknown(r, typed.Unknown, fieldValidation, warnings);
            errors.AddRange(typed.Required);
        }
        MetadataValidator.Validate(obj, r.Type, errors);
        if (r.Schema is { } s)
        {
            errors.AddRange(SchemaValidator.Validate(obj, s));
            CelAdmission.Validate(obj, old, s, errors, warnings);
        }
        else BuiltInValidator.Validate(obj, old, r.Type, errors);
        if (r.Type == BuiltInTypes.CustomResourceDefinitions) CrdRuleCheck.Validate(obj, errors);
        if (errors.Count > 0) throw StatusObjects.Invalid(r, obj.Name() ?? obj["metadata"]?["generateName"].Str() ?? "", errors.Distinct().ToList());
    }

    /// <summary>The prefix of a real server's decode errors: "Deployment in version \"v1\" cannot be handled as a Deployment: ".</summary>
    private static string CannotBeHandled(ServedResource r) => $"{r.Kind} in version \"{r.Version}\" cannot be handled as a {r.Kind}: ";

    private static void ReportUnknown(ServedResource r, List<string> pruned, string fieldValidation, HttpResponse? warnings)
    {
        switch (fieldValidation)
        {
            case "Strict":
                throw StatusObjects.BadRequest(CannotBeHandled(r) + "strict decoding error: " + string.Join(", ", pruned.Select(p => $"unknown field \"{p}\"")));
            case "Warn":
                foreach (var p in pruned) warnings?.Headers.Append("Warning", $"299 - \"unknown field \\\"{p}\\\"\"");
                break;
        }
    }
}
