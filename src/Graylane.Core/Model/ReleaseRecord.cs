namespace Graylane.Core.Model;

/// <summary>
/// The state of one app's release, kept in the cluster (a ConfigMap per app and namespace) so any later
/// step, in any job or workflow, can continue it. Written under optimistic concurrency.
/// </summary>
public sealed class ReleaseRecord
{
    /// <summary>A deep copy (through the record's JSON), for checks that must not touch the record a step saves.</summary>
    public ReleaseRecord Clone() => Json.GraylaneJson.Deserialize(Json.GraylaneJson.Serialize(this));

    /// <summary>2: one object ledger for every router (schema 1 kept it in mesh.lastWritten and lanes.lastWritten; see RecordMigration).</summary>
    public int SchemaVersion { get; set; } = Json.RecordMigration.CurrentSchema;
    public string App { get; set; } = "";
    public string Namespace { get; set; } = "";
    public RouterKind Router { get; set; } = RouterKind.Service;
    public ReleasePhase Phase { get; set; }
    public string VersionLabel { get; set; } = "version";
    public string BaselineVersion { get; set; } = "";
    public string GrayVersion { get; set; } = "";
    public List<WorkloadRelease> Workloads { get; set; } = [];
    public TrafficState Traffic { get; set; } = new();
    /// <summary>Mesh routers only: the objects and route managed.</summary>
    public MeshRouting? Mesh { get; set; }
    /// <summary>Lane routers only: the app's lane wiring and the services this release changes.</summary>
    public LaneRouting? Lanes { get; set; }
    /// <summary>Gateway API router only: the HTTPRoute, rule and canary Service managed.</summary>
    public GatewayApiRouting? GatewayApi { get; set; }
    /// <summary>ingress-nginx router only: the user's Ingress, the canary Ingress and the canary Service.</summary>
    public NginxRouting? Nginx { get; set; }
    /// <summary>The objects the router edits: what it last wrote and is about to write (crash safety and drift).</summary>
    public ObjectLedger Ledger { get; set; } = new();
    /// <summary>What the release changed, in the order it first changed it.</summary>
    public List<ObjectSnapshot> Snapshots { get; set; } = [];
    public List<HistoryEntry> History { get; set; } = [];
    public string StartedBy { get; set; } = "";
    public DateTimeOffset StartedAt { get; set; }
    /// <summary>Why the release failed or was rolled back.</summary>
    public string? Reason { get; set; }
    /// <summary>Set by promote: the version that was the baseline before (rollback after promote restores it).</summary>
    public string? PromotedFrom { get; set; }
    public List<ReleaseSummary> Previous { get; set; } = [];
    /// <summary>Approval checkpoints of this release (wait-approval), oldest first.</summary>
    public List<ApprovalRecord> Approvals { get; set; } = [];
    /// <summary>Releases made from --manifests: what promote applies and the copies the gray reads.</summary>
    public ManifestRelease? Manifests { get; set; }
    /// <summary>shift-traffic --steps: the plan and how far it got (resumed by a re-run with the same inputs).</summary>
    public ProgressiveRun? Progressive { get; set; }

    public ObjectSnapshot? FindSnapshot(string kind, string name) =>
        Snapshots.FirstOrDefault(s => s.Kind == kind && s.Name == name);

    public string Describe() => $"release of {App} {BaselineVersion} -> {GrayVersion} ({Phase}, started by {StartedBy} at {StartedAt:u})";
}
