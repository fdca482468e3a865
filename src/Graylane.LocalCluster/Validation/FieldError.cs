using System.Text.Json.Nodes;

namespace Graylane.LocalCluster.Validation;

/// <summary>One field-level validation failure, rendered like apimachinery's field.Error.</summary>
public sealed record FieldError(string Reason, string Field, string Body)
{
    public override string ToString() => Field.Length == 0 ? Body : $"{Field}: {Body}";

    public static FieldError Required(string field, string detail = "") =>
        new("FieldValueRequired", field, detail.Length == 0 ? "Required value" : $"Required value: {detail}");

    public static FieldError Invalid(string field, JsonNode? value, string detail) =>
        new("FieldValueInvalid", field, $"Invalid value: {Render(value)}: {detail}");

    public static FieldError TypeInvalid(string field, JsonNode? value, string detail) =>
        new("FieldValueTypeInvalid", field, $"Invalid value: {Render(value)}: {detail}");

    public static FieldError NotSupported(string field, JsonNode? value, IEnumerable<string> supported) =>
        new("FieldValueNotSupported", field,
            $"Unsupported value: {Render(value)}: supported values: {string.Join(", ", supported)}");

    public static FieldError TooLong(string field, int max) =>
        new("FieldValueTooLong", field, $"Too long: may not be more than {max} bytes");

    public static FieldError TooMany(string field, int actual, int max) =>
        new("FieldValueTooMany", field, $"Too many: {actual}: must have at most {max} items");

    public static FieldError Duplicate(string field, JsonNode? value) =>
        new("FieldValueDuplicate", field, $"Duplicate value: {Render(value)}");

    public static FieldError Forbidden(string field, string detail) =>
        new("FieldValueForbidden", field, $"Forbidden: {detail}");

    internal static string Render(JsonNode? value) => value switch
    {
        null => "null",
        JsonValue v when v.TryGetValue<string>(out var s) => GoQuote.Quote(s),
        _ => value.ToJsonString(),
    };
}
