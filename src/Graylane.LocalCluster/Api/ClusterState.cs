using System.Text.Json.Nodes;
using Graylane.LocalCluster.Storage;
using Graylane.LocalCluster.Watching;

namespace Graylane.LocalCluster.Api;

/// <summary>What the request handlers share: the store, the served resources, the watch cache and the clock.</summary>
internal sealed class ClusterState(ObjectStore store, ResourceRegistry registry, EventHistory history, TimeProvider time)
{
    public ObjectStore Store { get; } = store;
    public ResourceRegistry Registry { get; } = registry;
    public EventHistory History { get; } = history;
    public TimeProvider Time { get; } = time;

    /// <summary>The stored object as the requested version shows it (only apiVersion differs between served versions).</summary>
    public static JsonObject ToServed(JsonObject stored, ServedResource r)
    {
        stored["apiVersion"] = r.ApiVersion;
        stored["kind"] = r.Kind;
        return stored;
    }

    public void RequireNamespace(string? ns)
    {
        if (ns is not null && Store.Get(BuiltInTypes.Namespaces, null, ns) is null) throw StatusObjects.NamespaceNotFound(ns);
    }

    public JsonObject GetOrThrow(ServedResource r, string? ns, string name) =>
        Store.Get(r.Type, ns, name) ?? throw StatusObjects.NotFound(r, name);

    /// <summary>The CRD's spec.versions entry a custom resource is served from (selectable fields, printer columns); null for built-ins.</summary>
    public JsonObject? CrdVersion(ServedResource r)
    {
        if (!r.IsCustom) return null;
        var crd = Store.Get(BuiltInTypes.CustomResourceDefinitions, null, $"{r.Plural}.{r.Group}");
        return (crd?["spec"]?["versions"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(v => v["name"].Str() == r.Version);
    }

    /// <summary>The printer kubectl's table for this resource comes from: the kind's own, or the CRD's printer columns.</summary>
    public Tables.ObjectPrinter PrinterFor(ServedResource r) =>
        r.IsCustom ? Tables.CustomResourcePrinter.For(CrdVersion(r)) : Tables.PrinterCatalog.ForBuiltIn(r.Group, r.Plural);

    /// <summary>A CRD was written: (re)register its kinds and mark it Established as the apiextensions controller would.</summary>
    public JsonObject AfterCrdWrite(JsonObject crd)
    {
        Registry.RegisterCrd(crd);
        var names = crd["spec"]?["names"]?.DeepClone();
        var now = Time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'");
        var withStatus = (JsonObject)crd.DeepClone();
        withStatus["status"] = new JsonObject
        {
            ["acceptedNames"] = names,
            ["conditions"] = new JsonArray(
                Condition("NamesAccepted", "NoConflicts", "no conflicts found", now),
                Condition("Established", "InitialNamesAccepted", "the initial names have been accepted", now)),
            ["storedVersions"] = new JsonArray((crd["spec"]?["versions"] as JsonArray ?? [])
                .Where(v => (bool?)v?["storage"] == true).Select(v => (JsonNode?)v?["name"]?.DeepClone()).ToArray()),
        };
        return Store.Update(BuiltInTypes.CustomResourceDefinitions, withStatus, statusOnly: true);
    }

    private static JsonObject Condition(string type, string reason, string message, string now) => new()
    {
        ["type"] = type, ["status"] = "True", ["lastTransitionTime"] = now, ["reason"] = reason, ["message"] = message,
    };
}
