namespace Graylane.Kubernetes;

public enum PatchKind { Merge, Json, StrategicMerge }

public static class PatchKinds
{
    public static string ContentType(this PatchKind kind) => kind switch
    {
        PatchKind.Merge => "application/merge-patch+json",
        PatchKind.Json => "application/json-patch+json",
        _ => "application/strategic-merge-patch+json",
    };
}
