namespace Graylane.LocalCluster.Routing;

/// <summary>An ASMSwimLane: the pod labels of its version and the services ("ns/name") deployed in it.</summary>
internal sealed record SwimLane(string Name, IReadOnlyDictionary<string, string> LabelSelector, IReadOnlySet<string> Services);
