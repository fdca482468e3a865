using System.Text.Json.Nodes;

namespace Graylane.LocalCluster.Storage;

public enum StoreEventType { Added, Modified, Deleted }

/// <summary>One committed change, as a watch would see it; Object is a private copy.</summary>
public sealed record StoreEvent(StoreEventType Type, ResourceType Resource, JsonObject Object, long ResourceVersion);
