using System.Reflection;

namespace Graylane.Cli.LocalCluster;

/// <summary>
/// Seed 002's mock app (mocka → mockb → mockc, v1) with the article's gateways, ASM lane group, lane v1 and gateway
/// VirtualService, exactly as the article writes them (LocalCluster/Seed002/*.yaml). The app lives in the namespace
/// the article uses, default; calls between services follow each pod's upstream_url env var.
/// </summary>
internal static class DemoLanesApp
{
    public const string Namespace = "default";
    public const string Host = "mock.example.com";
    public const string Gateway = "istio-system/ingressgateway";
    public const string DevGateway = "istio-system/ingressgateway-dev";
    public const string Image = "registry-cn-hangzhou.ack.aliyuncs.com/acs/asm-mock:v0.1-java";

    public static string Yaml => string.Join("\n---\n",
        new[] { "gateways.yaml", "mock.yaml", "swimlane-v1.yaml", "ingress-vs.yaml" }.Select(Manifest));

    private static string Manifest(string file)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"Graylane.Cli.LocalCluster.Seed002.{file}")
                           ?? throw new InvalidOperationException($"embedded seed manifest {file} is missing");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().TrimEnd();
    }
}
