using System.Text.Json.Nodes;

namespace Graylane.LocalCluster.FieldManagement;

/// <summary>
/// structured-merge-diff's operations on an object and its type: the set of fields a value sets, the merge of an
/// applied configuration into a live object (granular maps by key, associative lists by their key fields, sets by
/// value, atomic values replaced), the comparison of two objects (added, modified, removed paths), and removal of paths.
/// </summary>
internal static class TypedValues
{
    /// <summary>The kind to walk a value with: a deduced type follows the value's own shape.</summary>
    private static SmdKind Effective(SmdType t, JsonNode? v) => t.Kind != SmdKind.Deduced
        ? t.Kind
        : v switch { JsonObject => SmdKind.Map, JsonArray => SmdKind.AtomicList, _ => SmdKind.Scalar };

    private static bool IsGranularMap(SmdKind k) => k is SmdKind.Struct or SmdKind.Map;
    private static bool IsGranularList(SmdKind k) => k is SmdKind.AssociativeList or SmdKind.SetList;

    private static SmdType FieldType(SmdType t, string name) => t.Kind == SmdKind.Deduced ? SmdType.Deduced : t.Field(name) ?? SmdType.Deduced;

    /// <summary>The type under a path element of t.</summary>
    public static SmdType Under(SmdType t, string element) => element.StartsWith("f:", StringComparison.Ordinal) ? FieldType(t, element[2..]) : t.Item;

    /// <summary>A list item's path element: its key fields, its value (sets), else its index.</summary>
    public static string? Element(JsonNode? item, SmdType list, int index, out string? error)
    {
        error = null;
        return list.Kind switch
        {
            SmdKind.AssociativeList when list.Keys.Count > 0 => item is JsonObject o
                ? PathElements.Key(o, list.Keys, out error)
                : Fail("expected an object in an associative list", out error),
            SmdKind.SetList => PathElements.Value(item),
            _ => PathElements.Index(index),
        };
    }

    private static string? Fail(string message, out string? error)
    {
        error = message;
        return null;
    }

    // ---- the fields a value sets ----

    /// <summary>ToFieldSet: leaves, list items and map entries are members; a non-empty declared field is only a prefix.</summary>
    public static FieldSet ToFieldSet(JsonNode? value, SmdType type, List<string>? errors = null)
    {
        var set = new FieldSet();
        Collect(value, type, set, [], errors);
        return set;
    }

    private static void Collect(JsonNode? v, SmdType t, FieldSet set, List<string> path, List<string>? errors)
    {
        var kind = Effective(t, v);
        if (IsGranularMap(kind) && v is JsonObject obj)
        {
            foreach (var (key, child) in obj)
            {
                var element = PathElements.Field(key);
                path.Add(element);
                var childType = t.Kind == SmdKind.Deduced ? SmdType.Deduced : t.Field(key);
                if (childType is null) errors?.Add($"{PathElements.Describe(path)}: field not declared in schema");
                else
                {
                    var childSet = set.Child(element);
                    Collect(child, childType, childSet, path, errors);
                    if (child is null || child is JsonObject { Count: 0 } || !t.Declares(key)) childSet.Member = true;
                }
                path.RemoveAt(path.Count - 1);
            }
            return;
        }
        if (IsGranularList(kind) && v is JsonArray list)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < list.Count; i++)
            {
                var element = Element(list[i], t, i, out var error);
                if (element is null)
                {
                    errors?.Add($"{PathElements.Describe(path)}: element {i}: {error}");
                    continue;
                }
                if (!seen.Add(element))
                {
                    errors?.Add($"{PathElements.Describe(path)}: duplicate entries for key {PathElements.Describe([element])}");
                    continue;
                }
                path.Add(element);
                var childSet = set.Child(element);
                Collect(list[i], t.Item, childSet, path, errors);
                childSet.Member = true;
                path.RemoveAt(path.Count - 1);
            }
            return;
        }
        set.Member = true;
    }

    /// <summary>The set with every declared struct field on the way to a member made a member too (structured-merge-diff's EnsureNamedFieldsAreMembers).</summary>
    public static FieldSet WithNamedFields(FieldSet s, SmdType t)
    {
        var result = new FieldSet { Member = s.Member };
        foreach (var (element, child) in s.Children)
        {
            var ensured = WithNamedFields(child, Under(t, element));
            if (element.StartsWith("f:", StringComparison.Ordinal) && t.Declares(element[2..])) ensured.Member = true;
            result.Child(element).AddAll(ensured);
        }
        return result;
    }

    // ---- merge ----

    /// <summary>The applied configuration rhs merged into lhs: rhs wins for leaves and atomic values.</summary>
    public static JsonNode? Merge(JsonNode? lhs, JsonNode? rhs, SmdType t)
    {
        var kind = Effective(t, rhs ?? lhs);
        if (IsGranularMap(kind) && lhs is JsonObject l && rhs is JsonObject r)
        {
            var result = (JsonObject)l.DeepClone();
            foreach (var (key, rv) in r)
                result[key] = l.TryGetPropertyValue(key, out var lv) ? Merge(lv, rv, FieldType(t, key)) : rv?.DeepClone();
            return result;
        }
        if (IsGranularList(kind) && lhs is JsonArray la && rhs is JsonArray ra) return MergeList(la, ra, t);
        return rhs?.DeepClone();
    }

    /// <summary>
    /// Items are matched by path element. Shared items take the applied order; items only the live object has stay
    /// where they were relative to them; new items come where the applied configuration puts them.
    /// </summary>
    private static JsonArray MergeList(JsonArray lhs, JsonArray rhs, SmdType t)
    {
        var left = Index(lhs, t);
        var right = Index(rhs, t);
        var observedLeft = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var (pe, item) in left) observedLeft.TryAdd(pe, item);
        var observedRight = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var (pe, item) in right) observedRight.TryAdd(pe, item);
        var shared = new Queue<string>(right.Select(x => x.Element).Where(observedLeft.ContainsKey));
        string? nextShared = shared.Count > 0 ? shared.Dequeue() : null;
        var merged = new HashSet<string>(StringComparer.Ordinal);
        var output = new JsonArray();

        JsonNode? Item(JsonNode? l, JsonNode? r, bool hasL, bool hasR) =>
            !hasR ? l?.DeepClone() : !hasL ? r?.DeepClone() : Merge(l, r, t.Item);

        int li = 0, ri = 0;
        while (li < left.Count || ri < right.Count)
        {
            if (li < left.Count && ri < right.Count)
            {
                var pe = left[li].Element;
                if (pe == right[ri].Element)
                {
                    merged.Add(pe);
                    output.Add(Item(observedLeft[pe], observedRight[pe], true, true));
                    li++;
                    ri++;
                    nextShared = shared.Count > 0 ? shared.Dequeue() : null;
                    continue;
                }
                if (observedRight.ContainsKey(pe) && nextShared is not null && nextShared != pe)
                {
                    li++; // a shared item, but not the one due now: the applied order places it
                    continue;
                }
            }
            if (li < left.Count)
            {
                var pe = left[li].Element;
                if (!observedRight.ContainsKey(pe))
                {
                    output.Add(Item(left[li].Item, null, true, false));
                    li++;
                    continue;
                }
                if (merged.Contains(pe))
                {
                    li++;
                    continue;
                }
            }
            if (ri < right.Count)
            {
                var pe = right[ri].Element;
                merged.Add(pe);
                output.Add(Item(observedLeft.GetValueOrDefault(pe), observedRight[pe], observedLeft.ContainsKey(pe), true));
                ri++;
                if (nextShared == pe) nextShared = shared.Count > 0 ? shared.Dequeue() : null;
            }
        }
        return output;
    }

    private static List<(string Element, JsonNode? Item)> Index(JsonArray list, SmdType t)
    {
        var result = new List<(string, JsonNode?)>();
        for (var i = 0; i < list.Count; i++)
            result.Add((Element(list[i], t, i, out _) ?? PathElements.Index(i), list[i]));
        return result;
    }

    // ---- compare ----

    /// <summary>What changed from lhs to rhs, path by path, as structured-merge-diff's Compare reports it.</summary>
    public static Comparison Compare(JsonNode? lhs, JsonNode? rhs, SmdType t)
    {
        var c = new Comparison();
        CompareNode(lhs, true, rhs, true, t, [], c);
        return c;
    }

    private static void CompareNode(JsonNode? l, bool hasL, JsonNode? r, bool hasR, SmdType t, List<string> path, Comparison c)
    {
        var kind = Effective(t, hasR ? r : l);
        if (IsGranularMap(kind) && (!hasL || l is JsonObject) && (!hasR || r is JsonObject))
        {
            var lo = l as JsonObject;
            var ro = r as JsonObject;
            if ((lo is null || lo.Count == 0) && (ro is null || ro.Count == 0))
            {
                Leaf(l, hasL, r, hasR, path, c);
                return;
            }
            var keys = (lo?.Select(kv => kv.Key) ?? []).Concat(ro?.Select(kv => kv.Key) ?? []).Distinct().ToList();
            foreach (var key in keys)
            {
                var inL = lo?.ContainsKey(key) == true;
                var inR = ro?.ContainsKey(key) == true;
                var childType = FieldType(t, key);
                path.Add(PathElements.Field(key));
                CompareNode(inL ? lo![key] : null, inL, inR ? ro![key] : null, inR, childType, path, c);
                // A built-in struct always exists in the server's typed object, so only its fields come and go.
                var alwaysThere = t.IsBuiltIn && t.Declares(key) && childType.Kind == SmdKind.Struct;
                if (!alwaysThere && !inL) c.Added.Add(path);
                else if (!alwaysThere && !inR) c.Removed.Add(path);
                path.RemoveAt(path.Count - 1);
            }
            return;
        }
        if (IsGranularList(kind) && (!hasL || l is JsonArray) && (!hasR || r is JsonArray))
        {
            var la = l as JsonArray;
            var ra = r as JsonArray;
            if ((la is null || la.Count == 0) && (ra is null || ra.Count == 0))
            {
                Leaf(l, hasL, r, hasR, path, c);
                return;
            }
            var left = la is null ? [] : Index(la, t);
            var right = ra is null ? [] : Index(ra, t);
            var lMap = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
            foreach (var (pe, item) in left) lMap.TryAdd(pe, item);
            var rMap = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
            foreach (var (pe, item) in right) rMap.TryAdd(pe, item);
            foreach (var pe in left.Select(x => x.Element).Concat(right.Select(x => x.Element)).Distinct())
            {
                var inL = lMap.TryGetValue(pe, out var li);
                var inR = rMap.TryGetValue(pe, out var rItem);
                path.Add(pe);
                CompareNode(li, inL, rItem, inR, t.Item, path, c);
                if (!inL) c.Added.Add(path);
                else if (!inR) c.Removed.Add(path);
                path.RemoveAt(path.Count - 1);
            }
            return;
        }
        Leaf(l, hasL, r, hasR, path, c);
    }

    private static void Leaf(JsonNode? l, bool hasL, JsonNode? r, bool hasR, List<string> path, Comparison c)
    {
        if (!hasL) c.Added.Add(path);
        else if (!hasR) c.Removed.Add(path);
        else if (!JsonNode.DeepEquals(l, r)) c.Modified.Add(path);
    }

    // ---- removal ----

    /// <summary>The value without every member path of the set (a removed path takes everything under it).</summary>
    public static JsonNode? RemoveItems(JsonNode? v, FieldSet set, SmdType t)
    {
        var kind = Effective(t, v);
        if (IsGranularMap(kind) && v is JsonObject o)
        {
            var result = new JsonObject();
            foreach (var (key, child) in o)
            {
                var sub = set.Get(PathElements.Field(key));
                if (sub is { Member: true }) continue;
                result[key] = sub is null ? child?.DeepClone() : RemoveItems(child, sub, FieldType(t, key));
            }
            return result;
        }
        if (IsGranularList(kind) && v is JsonArray a)
        {
            var result = new JsonArray();
            for (var i = 0; i < a.Count; i++)
            {
                var element = Element(a[i], t, i, out _) ?? PathElements.Index(i);
                var sub = set.Get(element);
                if (sub is { Member: true }) continue;
                result.Add(sub is null ? a[i]?.DeepClone() : RemoveItems(a[i], sub, t.Item));
            }
            return result;
        }
        return v?.DeepClone();
    }
}

/// <summary>The paths added, modified and removed between two objects.</summary>
internal sealed class Comparison
{
    public PathCollector Added { get; } = new();
    public PathCollector Modified { get; } = new();
    public PathCollector Removed { get; } = new();

    public bool IsSame => Added.Set.IsEmpty && Modified.Set.IsEmpty && Removed.Set.IsEmpty;
}

/// <summary>Collects paths into a FieldSet.</summary>
internal sealed class PathCollector
{
    public FieldSet Set { get; } = new();

    public void Add(IReadOnlyList<string> path)
    {
        var node = Set;
        foreach (var e in path) node = node.Child(e);
        node.Member = true;
    }
}
