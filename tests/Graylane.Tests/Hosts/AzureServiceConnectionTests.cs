using Graylane.Core.Validation;
using System.Text;
using Graylane.Cli.Hosts;
using YamlDotNet.RepresentationModel;

namespace Graylane.Tests.Hosts;

public class AzureServiceConnectionTests
{
    private const string Id = "9f1c2d3e-0000-4a4a-8b8b-123456789abc";

    private static YamlMappingNode Root(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return (YamlMappingNode)stream.Documents.Single().RootNode;
    }

    private static string Scalar(YamlNode node, params object[] path)
    {
        foreach (var step in path)
            node = step is int index ? ((YamlSequenceNode)node).Children[index] : ((YamlMappingNode)node)[(string)step];
        return ((YamlScalarNode)node).Value!;
    }

    [Fact]
    public void Kubeconfig_scheme_returns_the_stored_kubeconfig()
    {
        var env = TestSteps.Env(
            ($"ENDPOINT_DATA_{Id}_AUTHORIZATIONTYPE", "Kubeconfig"),
            ($"ENDPOINT_AUTH_PARAMETER_{Id}_KUBECONFIG", TestSteps.Kubeconfig));
        Assert.Equal(TestSteps.Kubeconfig, AzureServiceConnection.ReadKubeconfig(env, Id));
    }

    [Fact]
    public void Kubeconfig_without_authorization_type_and_from_data_is_accepted()
    {
        var env = TestSteps.Env(($"ENDPOINT_DATA_{Id}_KUBECONFIG", TestSteps.Kubeconfig));
        Assert.Equal(TestSteps.Kubeconfig, AzureServiceConnection.ReadKubeconfig(env, $" {Id} "));
    }

    [Fact]
    public void Cluster_context_becomes_the_current_context()
    {
        var env = TestSteps.Env(
            ($"ENDPOINT_AUTH_PARAMETER_{Id}_KUBECONFIG", TestSteps.Kubeconfig),
            ($"ENDPOINT_AUTH_PARAMETER_{Id}_CLUSTERCONTEXT", "staging"));
        var root = Root(AzureServiceConnection.ReadKubeconfig(env, Id));
        Assert.Equal("staging", Scalar(root, "current-context"));
        Assert.Equal(TestSteps.KubeconfigToken, Scalar(root, "users", 0, "user", "token"));
    }

    [Fact]
    public void Variable_names_are_matched_ignoring_case_as_on_windows_agents()
    {
        var env = TestSteps.Env(($"ENDPOINT_AUTH_PARAMETER_{Id.ToUpperInvariant()}_KUBECONFIG", TestSteps.Kubeconfig));
        Assert.Equal(TestSteps.Kubeconfig, AzureServiceConnection.ReadKubeconfig(env, Id));
    }

    [Theory]
    [InlineData("ServiceAccount")]
    [InlineData("AzureSubscription")]
    public void Service_account_scheme_builds_a_kubeconfig(string type)
    {
        var caPem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
        var caBase64 = Convert.ToBase64String(Encoding.UTF8.GetBytes(caPem));
        var env = TestSteps.Env(
            ($"ENDPOINT_DATA_{Id}_AUTHORIZATIONTYPE", type),
            ($"ENDPOINT_URL_{Id}", "https://aks.example:443"),
            ($"ENDPOINT_AUTH_PARAMETER_{Id}_APITOKEN", Convert.ToBase64String("sa-token-value"u8.ToArray())),
            ($"ENDPOINT_AUTH_PARAMETER_{Id}_SERVICEACCOUNTCERTIFICATE", caBase64));

        var kubeconfig = AzureServiceConnection.ReadKubeconfig(env, Id);
        var root = Root(kubeconfig);

        Assert.StartsWith("apiVersion: v1\nkind: Config\n", kubeconfig);
        Assert.DoesNotContain("...", kubeconfig);
        Assert.Equal("Config", Scalar(root, "kind"));
        Assert.Equal("https://aks.example:443", Scalar(root, "clusters", 0, "cluster", "server"));
        Assert.Equal(caBase64, Scalar(root, "clusters", 0, "cluster", "certificate-authority-data"));
        Assert.Equal("sa-token-value", Scalar(root, "users", 0, "user", "token"));
        var context = Scalar(root, "current-context");
        Assert.Equal(context, Scalar(root, "contexts", 0, "name"));
        Assert.Equal(Scalar(root, "clusters", 0, "name"), Scalar(root, "contexts", 0, "context", "cluster"));
        Assert.Equal(Scalar(root, "users", 0, "name"), Scalar(root, "contexts", 0, "context", "user"));
    }

    [Fact]
    public void A_pem_certificate_is_base64_encoded()
    {
        var pem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
        var env = TestSteps.Env(
            ($"ENDPOINT_DATA_{Id}_AUTHORIZATIONTYPE", "ServiceAccount"),
            ($"ENDPOINT_URL_{Id}", "https://aks.example"),
            ($"ENDPOINT_AUTH_PARAMETER_{Id}_APITOKEN", Convert.ToBase64String("t"u8.ToArray())),
            ($"ENDPOINT_AUTH_PARAMETER_{Id}_SERVICEACCOUNTCERTIFICATE", pem));
        var data = Scalar(Root(AzureServiceConnection.ReadKubeconfig(env, Id)), "clusters", 0, "cluster", "certificate-authority-data");
        Assert.Equal(pem, Encoding.UTF8.GetString(Convert.FromBase64String(data)));
    }

    [Fact]
    public void Missing_variables_name_the_variable()
    {
        var e = Assert.Throws<InvalidInputException>(() => AzureServiceConnection.ReadKubeconfig(TestSteps.Env(), Id));
        Assert.Equal(Id, e.Input);
        Assert.Contains($"ENDPOINT_AUTH_PARAMETER_{Id}_KUBECONFIG is not set", e.Message);

        var noToken = TestSteps.Env(($"ENDPOINT_DATA_{Id}_AUTHORIZATIONTYPE", "ServiceAccount"), ($"ENDPOINT_URL_{Id}", "https://x"));
        Assert.Contains($"ENDPOINT_AUTH_PARAMETER_{Id}_APITOKEN is not set", Assert.Throws<InvalidInputException>(() => AzureServiceConnection.ReadKubeconfig(noToken, Id)).Message);
    }

    [Fact]
    public void A_token_that_is_not_base64_is_reported()
    {
        var env = TestSteps.Env(
            ($"ENDPOINT_DATA_{Id}_AUTHORIZATIONTYPE", "ServiceAccount"),
            ($"ENDPOINT_URL_{Id}", "https://x"),
            ($"ENDPOINT_AUTH_PARAMETER_{Id}_APITOKEN", "not base64!"));
        Assert.Contains("apiToken is not base64", Assert.Throws<InvalidInputException>(() => AzureServiceConnection.ReadKubeconfig(env, Id)).Message);
    }

    [Fact]
    public void Unsupported_authorization_types_are_named()
    {
        var env = TestSteps.Env(($"ENDPOINT_DATA_{Id}_AUTHORIZATIONTYPE", "Basic"));
        Assert.Contains("authorization type \"Basic\"", Assert.Throws<InvalidInputException>(() => AzureServiceConnection.ReadKubeconfig(env, Id)).Message);
    }
}
