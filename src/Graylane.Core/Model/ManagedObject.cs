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

    /// <summary>
    /// Set when the pending write was recorded by a step that holds no Lease (shift-traffic): until then the write may still
    /// be on its way, so another step must not take the object as it is when that would differ from the pending write
    /// (see ObjectLedger.InFlight). Null for a step holding the Lease: while it holds it no other step can be in between.
    /// </summary>
    public DateTimeOffset? PendingUntil { get; set; }

    /// <summary>
    /// With PendingUntil: the object's resourceVersion the pending write was planned on (and carries). While the object is still
    /// at that version the write may land; once it moved on, that write can only meet a conflict. Rollback uses it to stop
    /// such a write from landing after it (RollbackFence).
    /// </summary>
    public string? PendingOn { get; set; }

    public ObjectKey Key => new(Kind, Namespace, Name);
}
