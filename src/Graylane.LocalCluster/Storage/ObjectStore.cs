using System.Text.Json.Nodes;

namespace Graylane.LocalCluster.Storage;

/// <summary>
/// The local cluster's etcd: every object as JSON, one global monotonic resourceVersion, optimistic
/// concurrency on update, generation bumped when anything but metadata and status changes.
/// Every read returns a private copy, so callers can change what they get freely.
/// Changed is raised after each commit, outside the lock, in commit order.
/// </summary>
public sealed class ObjectStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Group, string Plural), SortedDictionary<string, JsonObject>> _objects = new();
    private readonly Dictionary<(string Group, string Plural), (ResourceType Type, Func<IEnumerable<JsonObject>> Build)> _preloaded = new();
    private readonly Lock _publish = new();
    private readonly TimeProvider _time;
    private long _resourceVersion = 1000;

    public ObjectStore(TimeProvider? time = null) => _time = time ?? TimeProvider.System;

    /// <summary>Raised once per committed change (synchronously; handlers must be quick).</summary>
    public event Action<StoreEvent>? Changed;

    public long CurrentResourceVersion { get { lock (_gate) return _resourceVersion; } }

    public JsonObject? Get(ResourceType type, string? ns, string name)
    {
        lock (_gate)
            return Bucket(type).TryGetValue(Key(type, ns, name), out var o) ? (JsonObject)o.DeepClone() : null;
    }

    public IReadOnlyList<JsonObject> List(ResourceType type, string? ns = null)
    {
        lock (_gate)
        {
            return Bucket(type)
                .Where(kv => ns is null || !type.Namespaced || kv.Key.StartsWith(ns + "/", StringComparison.Ordinal))
                .Select(kv => (JsonObject)kv.Value.DeepClone())
                .ToList();
        }
    }

    /// <summary>
    /// The objects of a type whose ownerReferences name ownerUid. Only those are copied, and a kind never touched yet is
    /// not built for it (the garbage collector asks every kind after every delete).
    /// </summary>
    public IReadOnlyList<JsonObject> ListOwnedBy(ResourceType type, string? ns, string ownerUid)
    {
        lock (_gate)
        {
            if (!_objects.TryGetValue((type.Group, type.Plural), out var bucket)) return [];
            return bucket
                .Where(kv => ns is null || !type.Namespaced || kv.Key.StartsWith(ns + "/", StringComparison.Ordinal))
                .Where(kv => kv.Value["metadata"]?["ownerReferences"] is JsonArray refs &&
                             refs.Any(r => r?["uid"] is JsonValue v && v.TryGetValue<string>(out var u) && u == ownerUid))
                .Select(kv => (JsonObject)kv.Value.DeepClone())
                .ToList();
        }
    }

    /// <summary>A list together with the resourceVersion it is consistent with (taken under the same lock).</summary>
    public (IReadOnlyList<JsonObject> Items, long ResourceVersion) Snapshot(ResourceType type, string? ns = null)
    {
        lock (_gate)
        {
            var items = Bucket(type)
                .Where(kv => ns is null || !type.Namespaced || kv.Key.StartsWith(ns + "/", StringComparison.Ordinal))
                .Select(kv => (JsonObject)kv.Value.DeepClone())
                .ToList();
            return (items, _resourceVersion);
        }
    }

    /// <summary>Stores a new object: sets uid, resourceVersion, generation 1 and creationTimestamp.</summary>
    public JsonObject Create(ResourceType type, JsonObject obj)
    {
        var stored = (JsonObject)obj.DeepClone();
        var meta = Meta(stored);
        var name = (string?)meta["name"] ?? throw new StoreException(422, "Invalid", "metadata.name: Required value: name or generateName is required");
        var ns = type.Namespaced ? (string?)meta["namespace"] : null;
        stored["apiVersion"] = type.ApiVersion;
        stored["kind"] = type.Kind;
        StoreEvent ev;
        lock (_gate)
        {
            var bucket = Bucket(type);
            var key = Key(type, ns, name);
            if (bucket.ContainsKey(key))
                throw new StoreException(409, "AlreadyExists", $"{type.Resource} \"{name}\" already exists");
            // A uid the server's defaulting already gave (a Job's, which its selector names) is kept.
            if ((string?)meta["uid"] is not { Length: > 0 }) meta["uid"] = Guid.NewGuid().ToString();
            meta["resourceVersion"] = (++_resourceVersion).ToString();
            meta["generation"] = 1L;
            meta["creationTimestamp"] = _time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'");
            bucket[key] = stored;
            ev = new StoreEvent(StoreEventType.Added, type, (JsonObject)stored.DeepClone(), _resourceVersion);
        }
        Publish(ev);
        return (JsonObject)stored.DeepClone();
    }

    /// <summary>
    /// Replaces an object. A non-empty metadata.resourceVersion must equal the stored one (409 Conflict).
    /// statusOnly keeps the stored spec and metadata and takes only .status (the /status subresource);
    /// otherwise the stored status is kept, as a real server does for kinds with a status subresource.
    /// </summary>
    public JsonObject Update(ResourceType type, JsonObject obj, bool statusOnly = false)
    {
        var incoming = (JsonObject)obj.DeepClone();
        var meta = Meta(incoming);
        var name = (string?)meta["name"] ?? throw new StoreException(422, "Invalid", "metadata.name: Required value");
        var ns = type.Namespaced ? (string?)meta["namespace"] : null;
        StoreEvent ev;
        JsonObject result;
        lock (_gate)
        {
            var bucket = Bucket(type);
            var key = Key(type, ns, name);
            if (!bucket.TryGetValue(key, out var current))
                throw new StoreException(404, "NotFound", $"{type.Resource} \"{name}\" not found");
            var currentMeta = Meta(current);
            var wantedVersion = (string?)meta["resourceVersion"];
            if (!string.IsNullOrEmpty(wantedVersion) && wantedVersion != (string?)currentMeta["resourceVersion"])
                throw new StoreException(409, "Conflict",
                    $"Operation cannot be fulfilled on {type.Resource} \"{name}\": the object has been modified; please apply your changes to the latest version and try again");

            if (statusOnly)
            {
                result = (JsonObject)current.DeepClone();
                result["status"] = incoming["status"]?.DeepClone();
                // A status write records its manager too (the API sets managedFields; controllers pass the stored ones back).
                if (meta.TryGetPropertyValue("managedFields", out var managed))
                {
                    if (managed is null) Meta(result).Remove("managedFields");
                    else Meta(result)["managedFields"] = managed.DeepClone();
                }
            }
            else
            {
                result = incoming;
                result["apiVersion"] = type.ApiVersion;
                result["kind"] = type.Kind;
                if (current["status"] is { } status) result["status"] = status.DeepClone();
                else result.Remove("status");
                // Fields the server owns cannot be changed by a client.
                var m = Meta(result);
                m["uid"] = currentMeta["uid"]?.DeepClone();
                m["creationTimestamp"] = currentMeta["creationTimestamp"]?.DeepClone();
                m["generation"] = currentMeta["generation"]?.DeepClone();
                if (!SameBody(current, result))
                    m["generation"] = (currentMeta["generation"].Long() ?? 1) + 1;
            }

            if (JsonNode.DeepEquals(WithoutVersion(current), WithoutVersion(result)))
                return (JsonObject)current.DeepClone(); // no-op update: no new resourceVersion, no event
            Meta(result)["resourceVersion"] = (++_resourceVersion).ToString();
            bucket[key] = result;
            ev = new StoreEvent(StoreEventType.Modified, type, (JsonObject)result.DeepClone(), _resourceVersion);
        }
        Publish(ev);
        return (JsonObject)result.DeepClone();
    }

    /// <summary>Removes an object and returns it, or throws 404. A non-null precondition must match.</summary>
    public JsonObject Delete(ResourceType type, string? ns, string name, string? resourceVersionPrecondition = null)
    {
        StoreEvent ev;
        JsonObject removed;
        lock (_gate)
        {
            var bucket = Bucket(type);
            var key = Key(type, ns, name);
            if (!bucket.TryGetValue(key, out var current))
                throw new StoreException(404, "NotFound", $"{type.Resource} \"{name}\" not found");
            if (resourceVersionPrecondition is not null && resourceVersionPrecondition != (string?)Meta(current)["resourceVersion"])
                throw new StoreException(409, "Conflict",
                    $"Operation cannot be fulfilled on {type.Resource} \"{name}\": the ResourceVersion in the precondition ({resourceVersionPrecondition}) does not match the ResourceVersion in record ({Meta(current)["resourceVersion"]}). The object might have been modified");
            bucket.Remove(key);
            removed = current;
            // A delete is a new revision too: watchers see the object at the version of its deletion.
            Meta(removed)["resourceVersion"] = (++_resourceVersion).ToString();
            ev = new StoreEvent(StoreEventType.Deleted, type, (JsonObject)removed.DeepClone(), _resourceVersion);
        }
        Publish(ev);
        return (JsonObject)removed.DeepClone();
    }

    private void Publish(StoreEvent ev)
    {
        // One publisher at a time keeps handlers seeing events in resourceVersion order.
        lock (_publish) Changed?.Invoke(ev);
    }

    /// <summary>
    /// Objects that exist from the start but are built only when their kind is first touched (the seeded CRDs: most
    /// servers never read them, and copying them into every server made start-up slow). They get uid, resourceVersion
    /// and creationTimestamp then, and no watch events, like objects that were there before any watch began.
    /// </summary>
    public void Preload(ResourceType type, Func<IEnumerable<JsonObject>> build)
    {
        lock (_gate)
        {
            _preloaded[(type.Group, type.Plural)] = (type, build);
            if (_objects.ContainsKey((type.Group, type.Plural))) Materialize(type.Group, type.Plural, _objects[(type.Group, type.Plural)]);
        }
    }

    private SortedDictionary<string, JsonObject> Bucket(ResourceType type)
    {
        if (!_objects.TryGetValue((type.Group, type.Plural), out var bucket))
        {
            _objects[(type.Group, type.Plural)] = bucket = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal);
            Materialize(type.Group, type.Plural, bucket);
        }
        return bucket;
    }

    private void Materialize(string group, string plural, SortedDictionary<string, JsonObject> bucket)
    {
        if (!_preloaded.Remove((group, plural), out var preload)) return;
        var now = _time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'");
        foreach (var obj in preload.Build())
        {
            var meta = Meta(obj);
            obj["apiVersion"] = preload.Type.ApiVersion;
            obj["kind"] = preload.Type.Kind;
            var key = Key(preload.Type, (string?)meta["namespace"], (string?)meta["name"] ?? "");
            if (bucket.ContainsKey(key)) continue;
            meta["uid"] = Guid.NewGuid().ToString();
            meta["resourceVersion"] = (++_resourceVersion).ToString();
            meta["generation"] = 1L;
            meta["creationTimestamp"] = now;
            bucket[key] = obj;
        }
    }

    private static string Key(ResourceType type, string? ns, string name) =>
        type.Namespaced ? $"{ns ?? "default"}/{name}" : name;

    private static JsonObject Meta(JsonObject obj) =>
        obj["metadata"] as JsonObject ?? throw new StoreException(422, "Invalid", "metadata: Required value");

    private static JsonObject WithoutVersion(JsonObject obj)
    {
        var copy = (JsonObject)obj.DeepClone();
        (copy["metadata"] as JsonObject)?.Remove("resourceVersion");
        return copy;
    }

    /// <summary>True when nothing but metadata and status differ (generation stays).</summary>
    private static bool SameBody(JsonObject a, JsonObject b)
    {
        static JsonObject Body(JsonObject o)
        {
            var c = (JsonObject)o.DeepClone();
            c.Remove("metadata");
            c.Remove("status");
            return c;
        }
        return JsonNode.DeepEquals(Body(a), Body(b));
    }
}
