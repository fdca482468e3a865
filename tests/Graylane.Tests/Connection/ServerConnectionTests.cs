using System.Text;
using Graylane.Kubernetes;
using Graylane.LocalCluster;
using Graylane.Tests.Support;
using k8s;

namespace Graylane.Tests.Connection;

/// <summary>
/// How a step reaches the API server: one connection, HTTP/2 where the server offers it (the local cluster's Kestrel
/// does, by ALPN), the server's certificate checked against the kubeconfig's CA alone and against its host name.
/// </summary>
public class ServerConnectionTests
{
    [Fact]
    public async Task A_step_sends_every_request_on_one_HTTP2_connection()
    {
        await using var c = await ClusterFixture.StartAsync();
        c.Server.Requests.Clear();

        // deploy-gray reads, writes, holds a lease and watches the rollout: all of it multiplexed on one connection.
        var (code, host) = await c.RunAsync("deploy-gray", ("service", "nginx-service"), ("image", "nginx:1.27"), ("version", "v2"));

        Assert.True(code == 0, host.Log);
        var entries = await c.RequestsAsync(); // the watch is logged when it ends, which may be just after the step returned
        Assert.Contains(entries, e => e.Verb == "watch");
        Assert.All(entries, e => Assert.Equal("HTTP/2", e.Protocol));
        Assert.Single(entries.Select(e => e.Connection).Distinct());
    }

    [Fact]
    public async Task A_server_whose_certificate_the_kubeconfig_CA_did_not_sign_is_refused()
    {
        await using var c = await ClusterFixture.StartAsync();
        await using var other = await LocalClusterServer.StartAsync(new LocalClusterOptions());
        var otherCa = Convert.ToBase64String(Encoding.ASCII.GetBytes(other.CertificateAuthorityPem));
        var kubeconfig = KubeconfigVariants.Write(Path.GetDirectoryName(c.Kubeconfig)!, "wrong-ca",
            KubeconfigVariants.WithCa(File.ReadAllText(c.Kubeconfig), $"certificate-authority-data: {otherCa}"));
        c.Server.Requests.Clear();

        var (code, host) = await c.RunAsync("status", ("app", "nginx-service"), ("kubeconfig", kubeconfig));

        Assert.Equal(1, code);
        Assert.Contains(host.Errors, e => e.Contains("cannot reach the Kubernetes API"));
        Assert.Equal(0, c.Server.Requests.Count);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)] // relative to the kubeconfig's own directory, as kubectl reads it
    public async Task A_CA_given_as_a_file_is_trusted(bool absolute)
    {
        await using var c = await ClusterFixture.StartAsync();
        var dir = Path.GetDirectoryName(c.Kubeconfig)!;
        var caFile = KubeconfigVariants.Write(dir, "ca.crt", c.Server.CertificateAuthorityPem);
        var kubeconfig = KubeconfigVariants.Write(dir, "ca-file",
            KubeconfigVariants.WithCa(File.ReadAllText(c.Kubeconfig), $"certificate-authority: {(absolute ? caFile : "ca.crt")}"));

        var (code, host) = await c.RunAsync("status", ("app", "nginx-service"), ("kubeconfig", kubeconfig));

        Assert.True(code == 0, host.Log);
    }

    [Theory]
    [InlineData("localhost", 0)]            // in the server certificate's names
    [InlineData("api.example.test", 1)]     // not in them: the host name check refuses the server
    public async Task tls_server_name_is_the_name_the_certificate_must_carry(string serverName, int expectedCode)
    {
        await using var c = await ClusterFixture.StartAsync();
        var kubeconfig = KubeconfigVariants.Write(Path.GetDirectoryName(c.Kubeconfig)!, "server-name",
            KubeconfigVariants.WithServerName(File.ReadAllText(c.Kubeconfig), serverName));

        var (code, host) = await c.RunAsync("status", ("app", "nginx-service"), ("kubeconfig", kubeconfig));

        Assert.True(code == expectedCode, host.Log);
    }

    [Fact]
    public async Task The_kubeconfig_decides_how_the_server_is_trusted()
    {
        await using var c = await ClusterFixture.StartAsync();
        var text = File.ReadAllText(c.Kubeconfig);
        var dir = Path.GetDirectoryName(c.Kubeconfig)!;

        KubeTransport.ServerTrust TrustOf(string kubeconfigText) =>
            KubeTransport.TrustOf(KubernetesClientConfiguration.BuildConfigFromConfigFile(KubeconfigVariants.Write(dir, "variant", kubeconfigText)));

        Assert.Equal(KubeTransport.ServerTrust.PinnedCa, TrustOf(text));
        Assert.Equal(KubeTransport.ServerTrust.SystemStore, TrustOf(KubeconfigVariants.WithCa(text, null)));
        Assert.Equal(KubeTransport.ServerTrust.Unverified, TrustOf(KubeconfigVariants.WithCa(text, "insecure-skip-tls-verify: true")));
    }
}
