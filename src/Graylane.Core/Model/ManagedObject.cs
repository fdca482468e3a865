using System.Text.Json.Nodes;

namespace Graylane.Core.Model;

/// <summary>
/// One object a router edits, as the ledger knows it: what Graylane wrote last (anything else found there later is
/// someone else's change) and what it is about to write (recorded before the write, so that after a crash the live
/// object being either one is not mistaken for someone else's change). Objects are kept without server-owned fields;
/// a router may keep only the part it manages (a Service router keeps the selector).
/// </summary>
public sealed class ManagedObject
{
    public string Kind { get; set; } = "";
    public string? Namespace { get; set; }
    public string Name { get; set; } = "";
    public JsonObject? LastWritten { get; set; }
    public JsonObject? PendingWrite { get; set; }

    public ObjectKey Key => new(Kind, Namespace, Name);
}
