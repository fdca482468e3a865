using System.Text.Json.Nodes;

namespace Graylane.Core.Json;

/// <summary>Removes what the API server owns, leaving what a user wrote (for snapshots, clones and comparisons).</summary>
public static class ServerFields
{
    private static readonly string[] ServerMetadata =
        ["uid", "resourceVersion", "generation", "creationTimestamp", "managedFields", "selfLink", "deletionTimestamp", "deletionGracePeriodSeconds", "ownerReferences"];

    /// <summary>A copy without status and server-owned metadata.</summary>
    public static JsonObject Strip(JsonObject o)
    {
        var copy = Obj.Clone(o);
        copy.Remove("status");
        if (copy["metadata"] is JsonObject meta)
        {
            foreach (var f in ServerMetadata) meta.Remove(f);
            if (meta["annotations"] is JsonObject ann)
            {
                // Written by the Deployment controller, not by the user.
                ann.Remove("deployment.kubernetes.io/revision");
                if (ann.Count == 0) meta.Remove("annotations");
            }
        }
        return copy;
    }

    /// <summary>True when two objects are equal apart from server-owned fields.</summary>
    public static bool SameUserContent(JsonObject a, JsonObject b) => JsonNode.DeepEquals(Strip(a), Strip(b));
}
