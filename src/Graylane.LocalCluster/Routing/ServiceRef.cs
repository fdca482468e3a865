namespace Graylane.LocalCluster.Routing;

/// <summary>A Service by namespace and name; Fqdn is the cluster-local DNS name Istio uses as its host.</summary>
internal readonly record struct ServiceRef(string Namespace, string Name)
{
    public string Fqdn => $"{Name}.{Namespace}.svc.{HostNames.ClusterDomain}";
    public string Key => $"{Namespace}/{Name}";
    public override string ToString() => Key;
}
