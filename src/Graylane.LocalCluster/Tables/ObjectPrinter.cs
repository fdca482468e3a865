using System.Text.Json.Nodes;

namespace Graylane.LocalCluster.Tables;

/// <summary>
/// The columns of a kind and how one object fills them (cells in column order: string, integer, boolean or null),
/// with the row conditions the real printer adds (a finished pod is "Completed"). Like the server, every column
/// is filled; clients hide priority 1 columns unless asked for wide output.
/// </summary>
internal sealed class ObjectPrinter(IReadOnlyList<TableColumn> columns, Func<JsonObject, DateTimeOffset, JsonNode?[]> cells,
    Func<JsonObject, JsonArray?>? conditions = null)
{
    public IReadOnlyList<TableColumn> Columns { get; } = columns;

    public JsonNode?[] Cells(JsonObject obj, DateTimeOffset now) => cells(obj, now);

    public JsonArray? Conditions(JsonObject obj) => conditions?.Invoke(obj);
}
