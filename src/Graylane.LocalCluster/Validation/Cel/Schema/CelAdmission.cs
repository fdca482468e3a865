using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Graylane.LocalCluster.Validation.Cel.Schema;

/// <summary>
/// The CEL step of a custom object's admission: skipped, with the server's note, when the schema checks already found
/// an error that makes rules unreliable (wrong type, missing required field, …); otherwise rule failures are added to
/// the 422 causes and ratcheted failures or rules the local cluster cannot evaluate become Warning headers.
/// </summary>
internal static class CelAdmission
{
    public const string NotChecked =
        "some validation rules were not checked because the object was invalid; correct the existing errors to complete validation";

    private static readonly HashSet<string> Blocking =
        ["FieldValueNotSupported", "FieldValueRequired", "FieldValueTooLong", "FieldValueTooMany", "FieldValueTypeInvalid"];

    public static void Validate(JsonObject obj, JsonObject? old, JsonObject schema, List<FieldError> errors, HttpResponse? response)
    {
        if (CelRuleSet.For(schema).IsEmpty) return;
        if (errors.Any(e => Blocking.Contains(e.Reason)))
        {
            errors.Add(FieldError.Invalid("<nil>", null, NotChecked));
            return;
        }
        var warnings = new List<string>();
        CelSchemaValidator.Validate(obj, old, schema, errors, warnings);
        foreach (var w in warnings.Distinct()) response?.Headers.Append("Warning", $"299 - \"{HeaderText(w)}\"");
    }

    /// <summary>A warning's text as a quoted header value: ASCII only, quotes and backslashes escaped.</summary>
    private static string HeaderText(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c is '"' or '\\') sb.Append('\\').Append(c);
            else if (c is < ' ' or > '~') sb.Append('?');
            else sb.Append(c);
        }
        return sb.ToString();
    }
}
