using System.Text.Json.Nodes;

namespace Graylane.LocalCluster.FieldManagement;

/// <summary>
/// metadata.managedFields as the API server keeps them (structured-merge-diff semantics). Every create, update and
/// patch records an Update entry for its manager with the fields it changed, and takes those fields from other
/// managers. Server-side apply merges the configuration into the object, owns exactly the fields it sets, refuses to
/// change a field another manager owns (409) unless forced, and removes fields it applied before and no longer
/// applies when no other manager owns them. Pure: objects in, objects out.
/// </summary>
/// <param name="subresource">"" for the object itself, "status" or "scale".</param>
/// <param name="hasStatus">The kind has a status subresource, so writes to the object itself never own status.</param>
internal sealed class FieldManager(SmdType type, string apiVersion, string subresource, bool hasStatus, string now)
{
    public const string BeforeFirstApply = "before-first-apply";
    public const string KubectlManager = "kubectl";
    public const string LastApplied = "kubectl.kubernetes.io/last-applied-configuration";

    /// <summary>Identity and bookkeeping fields the server sets; no manager owns them.</summary>
    private static readonly FieldSet Stripped = FieldSet.Of(["f:apiVersion"], ["f:kind"],
        ["f:metadata", "f:name"], ["f:metadata", "f:namespace"], ["f:metadata", "f:creationTimestamp"], ["f:metadata", "f:selfLink"],
        ["f:metadata", "f:uid"], ["f:metadata", "f:clusterName"], ["f:metadata", "f:generation"], ["f:metadata", "f:managedFields"],
        ["f:metadata", "f:resourceVersion"], ["f:metadata", "f:deletionTimestamp"], ["f:metadata", "f:deletionGracePeriodSeconds"]);

    /// <summary>
    /// A create, update or patch by manager (live is null for a create). Returns updated with the managedFields to store;
    /// an object that existed without them stays untracked, as on a real server.
    /// </summary>
    public JsonObject Update(JsonObject? live, JsonObject updated, string manager)
    {
        var result = (JsonObject)updated.DeepClone();
        var sent = result.Meta()["managedFields"];
        List<ManagedFieldsEntry>? managers;
        if (subresource.Length == 0 && sent is JsonArray { Count: > 0 } && !JsonNode.DeepEquals(sent, live?.Meta()["managedFields"]))
        {
            // A client may rewrite managedFields; [{}] clears them.
            managers = ManagedFieldsEntry.Decode(sent);
            if (managers is null)
            {
                result.Meta().Remove("managedFields");
                return result;
            }
        }
        else managers = ManagedFieldsEntry.Decode(live?.Meta()["managedFields"]) ?? [];
        if (live is not null && managers.Count == 0)
        {
            result.Meta().Remove("managedFields");
            return result;
        }

        var compare = TypedValues.Compare(Bare(live) ?? new JsonObject(), Bare(result), type);
        var changed = Owned(FieldSet.Union(compare.Modified.Set, compare.Added.Set));
        var removed = compare.Removed.Set;
        foreach (var m in managers) m.Fields = FieldSet.Difference(FieldSet.Difference(m.Fields, changed), removed);
        if (!changed.IsEmpty)
        {
            var entry = new ManagedFieldsEntry { Manager = manager, Operation = ManagedFieldsEntry.Update, ApiVersion = apiVersion, Subresource = subresource };
            var existing = managers.FirstOrDefault(m => m.Key == entry.Key);
            if (existing is null) managers.Add(existing = entry);
            existing.Fields = FieldSet.Union(existing.Fields, changed);
            existing.Time = now;
        }
        Write(result, managers);
        return result;
    }

    /// <summary>
    /// Server-side apply of config by manager onto live (null: the apply creates the object). Throws
    /// ApplyConflictException (409) or TypedPatchException (the configuration does not fit the schema).
    /// </summary>
    public JsonObject Apply(JsonObject? live, JsonObject config, string manager, bool force)
    {
        var errors = new List<string>();
        var applied = Owned(TypedValues.ToFieldSet(config, type, errors));
        if (errors.Count > 0) throw new TypedPatchException(errors);
        var entry = new ManagedFieldsEntry { Manager = manager, Operation = ManagedFieldsEntry.Apply, ApiVersion = apiVersion, Subresource = subresource, Fields = applied, Time = now };
        if (live is null)
        {
            var created = (JsonObject)config.DeepClone();
            Write(created, [entry]);
            return created;
        }

        var managers = ManagedFieldsEntry.Decode(live.Meta()["managedFields"]) ?? [];
        var before = Bare(live)!;
        if (managers.Count == 0)
        {
            // An object nobody tracked yet: its present fields belong to "before-first-apply", so the first apply can conflict.
            var existing = TypedValues.Compare(new JsonObject(), before, type);
            managers.Add(new ManagedFieldsEntry
            {
                Manager = BeforeFirstApply, Operation = ManagedFieldsEntry.Update, ApiVersion = apiVersion, Time = now,
                Fields = Owned(FieldSet.Union(existing.Added.Set, existing.Modified.Set)),
            });
        }
        var previous = managers.FirstOrDefault(m => m.Key == entry.Key);
        var lastSet = previous?.Fields;
        if (previous is null) managers.Add(previous = entry);
        else
        {
            previous.Fields = applied;
            previous.ApiVersion = apiVersion;
        }

        var merged = (JsonObject)TypedValues.Merge(before, config, type)!;
        merged = Prune(merged, managers, lastSet);
        var compare = TypedValues.Compare(before, merged, type);
        var changed = Owned(FieldSet.Union(compare.Modified.Set, compare.Added.Set));
        var others = managers.Where(m => m != previous).ToList();
        var conflicts = others
            .SelectMany(m => FieldSet.Intersection(m.Fields, changed).Paths().Select(p => (Manager: m, Path: p)))
            .ToList();
        if (conflicts.Count > 0 && !force && manager == KubectlManager && AllowedFromLastApplied(live) is { } allowed)
        {
            // kubectl moving from client-side apply: fields it applied before (still as it left them) are not conflicts.
            conflicts = conflicts.Where(c => !Contains(allowed, c.Path)).ToList();
            force = conflicts.Count == 0;
        }
        if (conflicts.Count > 0 && !force)
            throw new ApplyConflictException(conflicts.Select(c => (c.Manager, PathElements.Describe(c.Path))).ToList());
        foreach (var m in others) m.Fields = FieldSet.Difference(FieldSet.Difference(m.Fields, changed), compare.Removed.Set);
        // The entry's time moves when the apply changed the object (a repeated apply is a no-op, resourceVersion included).
        if (!JsonNode.DeepEquals(before, merged) || previous.Time is null) previous.Time = now;

        if (manager == KubectlManager && live["metadata"]?["annotations"]?[LastApplied] is not null)
            ((JsonObject)(merged.Meta()["annotations"] ??= new JsonObject()))[LastApplied] = LastAppliedOf(config);
        Write(merged, managers);
        return merged;
    }

    /// <summary>Removes what manager applied last time and applies no more, unless another manager (or the new config) owns it.</summary>
    private JsonObject Prune(JsonObject merged, List<ManagedFieldsEntry> managers, FieldSet? lastSet)
    {
        if (lastSet is null || lastSet.IsEmpty) return merged;
        var last = TypedValues.WithNamedFields(lastSet, type);
        var all = TypedValues.WithNamedFields(TypedValues.ToFieldSet(merged, type), type);
        var owned = new FieldSet();
        foreach (var m in managers) owned.AddAll(m.Fields);
        owned = TypedValues.WithNamedFields(owned, type);
        var firstCut = TypedValues.RemoveItems(merged, last, type);
        var firstCutSet = TypedValues.WithNamedFields(TypedValues.ToFieldSet(firstCut, type), type);
        var ownedBack = TypedValues.RemoveItems(merged, FieldSet.Difference(all, FieldSet.Union(firstCutSet, owned)), type);
        var ownedBackSet = TypedValues.WithNamedFields(TypedValues.ToFieldSet(ownedBack, type), type);
        return (JsonObject)TypedValues.RemoveItems(merged, FieldSet.Intersection(FieldSet.Difference(all, ownedBackSet), last), type)!;
    }

    /// <summary>Fields of the last-applied annotation that still hold the values it recorded.</summary>
    private FieldSet? AllowedFromLastApplied(JsonObject live)
    {
        if (live["metadata"]?["annotations"]?[LastApplied].Str() is not { Length: > 0 } text) return null;
        JsonObject? lastApplied;
        try { lastApplied = JsonNode.Parse(text) as JsonObject; }
        catch (System.Text.Json.JsonException) { return null; }
        if (lastApplied is null) return null;
        var set = TypedValues.ToFieldSet(lastApplied, type);
        var compare = TypedValues.Compare(lastApplied, Bare(live), type);
        return FieldSet.Difference(set, FieldSet.Union(compare.Modified.Set, compare.Removed.Set));
    }

    private static bool Contains(FieldSet set, IReadOnlyList<string> path)
    {
        FieldSet? node = set;
        foreach (var e in path)
        {
            node = node.Get(e);
            if (node is null) return false;
        }
        return node.Member;
    }

    private static string LastAppliedOf(JsonObject config)
    {
        var copy = (JsonObject)config.DeepClone();
        (copy["metadata"]?["annotations"] as JsonObject)?.Remove(LastApplied);
        return copy.ToJsonString() + "\n";
    }

    /// <summary>The fields a write through this endpoint can own: no bookkeeping, status only through /status, replicas only through /scale.</summary>
    private FieldSet Owned(FieldSet s)
    {
        var set = subresource switch
        {
            "status" => Only(s, "f:status"),
            "scale" => s.Get("f:spec")?.Get("f:replicas") is { } r
                ? new FieldSet().Also("f:spec", new FieldSet().Also("f:replicas", r.Clone()))
                : new FieldSet(),
            _ => hasStatus ? s.WithoutSubtrees(FieldSet.Of(["f:status"])) : s,
        };
        return set.WithoutSubtrees(Stripped);
    }

    private static FieldSet Only(FieldSet s, string element) =>
        s.Get(element) is { } child ? new FieldSet().Also(element, child.Clone()) : new FieldSet();

    private static JsonObject? Bare(JsonObject? obj)
    {
        if (obj is null) return null;
        var copy = (JsonObject)obj.DeepClone();
        (copy["metadata"] as JsonObject)?.Remove("managedFields");
        return copy;
    }

    private static void Write(JsonObject obj, List<ManagedFieldsEntry> managers)
    {
        var encoded = ManagedFieldsEntry.Encode(managers);
        if (encoded.Count == 0) obj.Meta().Remove("managedFields");
        else obj.Meta()["managedFields"] = encoded;
    }
}
