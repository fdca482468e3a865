using System.Text.Json.Nodes;

namespace Graylane.LocalCluster.FieldManagement;

/// <summary>
/// A set of field paths as structured-merge-diff keeps them, stored as the trie metadata.managedFields[].fieldsV1 spells:
/// children keyed by path element ("f:spec", "k:{\"name\":\"web\"}", "v:\"finalizer\"", "i:0"), and Member when the
/// path itself belongs to the set (a leaf, or "." next to children).
/// </summary>
internal sealed class FieldSet
{
    private readonly SortedDictionary<string, FieldSet> _children = new(PathElementOrder.Instance);

    public bool Member { get; set; }

    public IReadOnlyDictionary<string, FieldSet> Children => _children;

    public bool IsEmpty => !Member && _children.Count == 0;

    public FieldSet Child(string element)
    {
        if (!_children.TryGetValue(element, out var child)) _children[element] = child = new FieldSet();
        return child;
    }

    public FieldSet? Get(string element) => _children.GetValueOrDefault(element);

    /// <summary>Adds a child set under element and returns this set (for building sets).</summary>
    public FieldSet Also(string element, FieldSet child)
    {
        Child(element).AddAll(child);
        return this;
    }

    public FieldSet Clone()
    {
        var copy = new FieldSet { Member = Member };
        foreach (var (k, v) in _children) copy._children[k] = v.Clone();
        return copy;
    }

    public static FieldSet Union(FieldSet a, FieldSet b)
    {
        var result = a.Clone();
        result.AddAll(b);
        return result;
    }

    public void AddAll(FieldSet other)
    {
        Member |= other.Member;
        foreach (var (k, v) in other._children) Child(k).AddAll(v);
    }

    /// <summary>The paths of a that are not in b.</summary>
    public static FieldSet Difference(FieldSet a, FieldSet b)
    {
        var result = new FieldSet { Member = a.Member && !b.Member };
        foreach (var (k, v) in a._children)
        {
            var other = b.Get(k);
            var child = other is null ? v.Clone() : Difference(v, other);
            if (!child.IsEmpty) result._children[k] = child;
        }
        return result;
    }

    public static FieldSet Intersection(FieldSet a, FieldSet b)
    {
        var result = new FieldSet { Member = a.Member && b.Member };
        foreach (var (k, v) in a._children)
            if (b.Get(k) is { } other && Intersection(v, other) is { IsEmpty: false } child)
                result._children[k] = child;
        return result;
    }

    /// <summary>The set without every path that is, or lies under, a member of prefixes.</summary>
    public FieldSet WithoutSubtrees(FieldSet prefixes)
    {
        var result = new FieldSet { Member = Member && !prefixes.Member };
        if (prefixes.Member) return new FieldSet();
        foreach (var (k, v) in _children)
        {
            var p = prefixes.Get(k);
            var child = p is null ? v.Clone() : p.Member ? null : v.WithoutSubtrees(p);
            if (child is { IsEmpty: false }) result._children[k] = child;
        }
        return result;
    }

    /// <summary>A set of the given paths (each a list of elements) as members.</summary>
    public static FieldSet Of(params string[][] paths)
    {
        var set = new FieldSet();
        foreach (var path in paths)
        {
            var node = set;
            foreach (var e in path) node = node.Child(e);
            node.Member = true;
        }
        return set;
    }

    /// <summary>Every member path, each as its list of elements, in order.</summary>
    public IEnumerable<IReadOnlyList<string>> Paths() => PathsUnder([]);

    private IEnumerable<IReadOnlyList<string>> PathsUnder(List<string> prefix)
    {
        if (Member) yield return prefix.ToList();
        foreach (var (k, v) in _children)
        {
            prefix.Add(k);
            foreach (var p in v.PathsUnder(prefix)) yield return p;
            prefix.RemoveAt(prefix.Count - 1);
        }
    }

    /// <summary>The fieldsV1 JSON: {"f:spec":{"f:replicas":{}},"k:{…}":{".":{},…}}.</summary>
    public JsonObject ToFieldsV1()
    {
        var obj = new JsonObject();
        if (Member && _children.Count > 0) obj["."] = new JsonObject();
        foreach (var (k, v) in _children) obj[k] = v.ToFieldsV1();
        return obj;
    }

    public static FieldSet FromFieldsV1(JsonNode? node)
    {
        var set = new FieldSet();
        if (node is not JsonObject obj) return set;
        if (obj.Count == 0)
        {
            set.Member = true;
            return set;
        }
        foreach (var (k, v) in obj)
        {
            if (k == ".") set.Member = true;
            else set._children[k] = FromFieldsV1(v);
        }
        return set;
    }

    /// <summary>Orders elements as structured-merge-diff does: fields, then keys, then values, then indexes.</summary>
    private sealed class PathElementOrder : IComparer<string>
    {
        public static readonly PathElementOrder Instance = new();

        public int Compare(string? x, string? y)
        {
            var c = Rank(x).CompareTo(Rank(y));
            return c != 0 ? c : string.CompareOrdinal(x, y);
        }

        private static int Rank(string? e) => e is null || e.Length < 2 ? 9 : e[0] switch { 'f' => 0, 'k' => 1, 'v' => 2, 'i' => 3, _ => 9 };
    }
}
