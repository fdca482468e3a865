namespace Graylane.Bench;

/// <summary>The operations compared, named once so graylane's and kubectl's rows line up.</summary>
public static class Operations
{
    public const string DeployService = "start the gray version and wait until ready (Service)";
    public const string SwitchService = "all traffic to the gray version (Service selector)";
    public const string Retire = "retire the old version (scale to 0)";
    public const string Rollback = "roll back after promote";
    public const string DeployIstio = "start the gray version and wait until ready (Istio subset)";
    public const string WeightIstio = "20% to the gray version (Istio VirtualService)";

    public static readonly string[] All = [DeployService, SwitchService, Retire, Rollback, DeployIstio, WeightIstio];
}
