namespace Graylane.LocalCluster.Controllers;

/// <summary>Hands out pod IPs from 10.244.0.0/16 in order — only data, nothing listens on them.</summary>
internal sealed class PodAddresses
{
    public const string HostIp = "172.18.0.2";
    private int _next = 1;

    public string Next()
    {
        var n = Interlocked.Increment(ref _next);
        return $"10.244.{n / 254 % 256}.{n % 254 + 1}";
    }
}
