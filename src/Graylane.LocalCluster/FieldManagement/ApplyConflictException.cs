using System.Text.Json.Nodes;

namespace Graylane.LocalCluster.FieldManagement;

/// <summary>Server-side apply would change fields another manager owns: 409 naming each manager and field.</summary>
internal sealed class ApplyConflictException(IReadOnlyList<(ManagedFieldsEntry Manager, string Path)> conflicts) : Exception(MessageOf(conflicts))
{
    public IReadOnlyList<(ManagedFieldsEntry Manager, string Path)> Conflicts { get; } = conflicts;

    /// <summary>The Status causes: one FieldManagerConflict per field.</summary>
    public JsonArray Causes() => new(Conflicts.Select(c => (JsonNode)new JsonObject
    {
        ["reason"] = "FieldManagerConflict",
        ["message"] = $"conflict with {c.Manager.Describe()}",
        ["field"] = c.Path,
    }).ToArray());

    private static string MessageOf(IReadOnlyList<(ManagedFieldsEntry Manager, string Path)> conflicts)
    {
        if (conflicts.Count == 1)
            return $"Apply failed with 1 conflict: conflict with {conflicts[0].Manager.Describe()}: {conflicts[0].Path}";
        var lines = conflicts.GroupBy(c => c.Manager.Describe()).OrderBy(g => g.Key, StringComparer.Ordinal)
            .SelectMany(g => new[] { $"conflicts with {g.Key}:" }.Concat(g.Select(c => $"- {c.Path}")));
        return $"Apply failed with {conflicts.Count} conflicts: {string.Join("\n", lines)}";
    }
}

/// <summary>An applied configuration that does not fit the kind's schema (an undeclared field, a list item without its key).</summary>
internal sealed class TypedPatchException(IReadOnlyList<string> errors) : Exception(errors.Count == 1 ? errors[0] : "errors:\n  " + string.Join("\n  ", errors));
