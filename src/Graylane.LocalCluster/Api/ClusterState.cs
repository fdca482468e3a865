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

    /// <summary>The server's defaulting and Service IP/port allocation, run before validation on every write.</summary>
    public Defaults.ServerDefaults Defaults { get; } = new(store);

    /// <summary>The stored object (changed in place) as the requested version shows it; an object already in that version stays as it is.</summary>
    public static JsonObject ToServed(JsonObject stored, ServedResource r)
    {
        if (Resources.VersionConversion.Needed(r) && stored["apiVersion"].Str() == r.Type.ApiVersion)
            Resources.VersionConversion.ToServed(stored, r);
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
        return Store.Update(BuiltInTypes.CustomResourceDefinitions, Resources.CrdDefinition.WithStatus(crd, Time.GetUtcNow()), statusOnly: true);
    }
}
