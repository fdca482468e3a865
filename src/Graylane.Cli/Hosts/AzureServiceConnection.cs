using Graylane.Core.Validation;
using System.Text;
using YamlDotNet.RepresentationModel;

namespace Graylane.Cli.Hosts;

/// <summary>
/// Reads a Kubernetes service connection the agent hands to a task. The input holds the connection id;
/// the agent exposes the connection as environment variables named as in azure-pipelines-task-lib
/// (node/task.ts): getEndpointUrl → ENDPOINT_URL_&lt;id&gt;, getEndpointAuthorizationParameter →
/// ENDPOINT_AUTH_PARAMETER_&lt;id&gt;_&lt;KEY&gt;, getEndpointDataParameter → ENDPOINT_DATA_&lt;id&gt;_&lt;KEY&gt; (the id
/// verbatim, only the key upper-cased). Which keys a Kubernetes connection has follows
/// azure-pipelines-tasks-common-packages, common-npm-packages/kubernetes-common/kubectlutility.ts
/// (getKubeconfigForCluster, createKubeconfig) and the tasks' getKubeConfig: data "authorizationType" is
/// Kubeconfig (auth parameters "kubeconfig" and optional "clusterContext") or ServiceAccount /
/// AzureSubscription (URL, auth parameters "apiToken" (base64) and "serviceAccountCertificate" (the CA)).
/// </summary>
public static class AzureServiceConnection
{
    public static string ReadKubeconfig(IReadOnlyDictionary<string, string> environment, string connectionInputValue)
    {
        var id = connectionInputValue.Trim();
        if (id.Length == 0)
            throw new InvalidInputException(id, "no Kubernetes service connection given");

        var authorizationType = Lookup(environment, $"ENDPOINT_DATA_{id}_AUTHORIZATIONTYPE");
        switch (authorizationType)
        {
            case null or "Kubeconfig":
                var kubeconfig = Lookup(environment, $"ENDPOINT_AUTH_PARAMETER_{id}_KUBECONFIG")
                    ?? Lookup(environment, $"ENDPOINT_DATA_{id}_KUBECONFIG")
                    ?? throw Missing(id, $"ENDPOINT_AUTH_PARAMETER_{id}_KUBECONFIG");
                var context = Lookup(environment, $"ENDPOINT_AUTH_PARAMETER_{id}_CLUSTERCONTEXT");
                return context is null ? kubeconfig : WithCurrentContext(id, kubeconfig, context);
            case "ServiceAccount" or "AzureSubscription":
                var server = Lookup(environment, $"ENDPOINT_URL_{id}") ?? throw Missing(id, $"ENDPOINT_URL_{id}");
                var apiToken = Lookup(environment, $"ENDPOINT_AUTH_PARAMETER_{id}_APITOKEN")
                    ?? throw Missing(id, $"ENDPOINT_AUTH_PARAMETER_{id}_APITOKEN");
                var certificate = Lookup(environment, $"ENDPOINT_AUTH_PARAMETER_{id}_SERVICEACCOUNTCERTIFICATE");
                return BuildKubeconfig(server, DecodeToken(id, apiToken), certificate);
            default:
                throw new InvalidInputException(id,
                    $"service connection \"{id}\" uses authorization type \"{authorizationType}\"; supported: Kubeconfig, ServiceAccount, AzureSubscription");
        }
    }

    private static string DecodeToken(string id, string apiToken)
    {
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(apiToken.Trim()));
        }
        catch (FormatException)
        {
            throw new InvalidInputException(id, $"service connection \"{id}\": apiToken is not base64 (paste the token from the secret's data, as it is)");
        }
    }

    private static string BuildKubeconfig(string server, string token, string? certificate)
    {
        const string name = "azure-service-connection";
        var cluster = new YamlMappingNode { { "server", server } };
        if (!string.IsNullOrWhiteSpace(certificate))
        {
            // The connection stores the secret's ca.crt as given: normally base64 already, sometimes the PEM text.
            var data = certificate.Contains("-----BEGIN", StringComparison.Ordinal)
                ? Convert.ToBase64String(Encoding.UTF8.GetBytes(certificate))
                : certificate.Trim();
            cluster.Add("certificate-authority-data", data);
        }
        var root = new YamlMappingNode
        {
            { "apiVersion", "v1" },
            { "kind", "Config" },
            { "clusters", new YamlSequenceNode(new YamlMappingNode { { "name", name }, { "cluster", cluster } }) },
            { "users", new YamlSequenceNode(new YamlMappingNode { { "name", name }, { "user", new YamlMappingNode { { "token", token } } } }) },
            { "contexts", new YamlSequenceNode(new YamlMappingNode
                {
                    { "name", name },
                    { "context", new YamlMappingNode { { "cluster", name }, { "user", name } } },
                }) },
            { "current-context", name },
        };
        return Save(root);
    }

    private static string WithCurrentContext(string id, string kubeconfig, string context)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(kubeconfig));
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw new InvalidInputException(id, $"service connection \"{id}\": the kubeconfig is not valid YAML ({e.Message})");
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            throw new InvalidInputException(id, $"service connection \"{id}\": the kubeconfig is not a YAML mapping");
        root.Children[new YamlScalarNode("current-context")] = new YamlScalarNode(context);
        return Save(root);
    }

    private static string Save(YamlMappingNode root)
    {
        var writer = new StringWriter();
        new YamlStream(new YamlDocument(root)).Save(writer, assignAnchors: false);
        // YamlStream ends the document with an explicit "..." marker; valid, but not what a kubeconfig looks like.
        var text = writer.ToString();
        return text.EndsWith("...\n", StringComparison.Ordinal) ? text[..^4] : text;
    }

    // Exact name first; then ignoring case, as Windows agents' environment does.
    private static string? Lookup(IReadOnlyDictionary<string, string> environment, string name)
    {
        if (environment.TryGetValue(name, out var value))
            return value.Length > 0 ? value : null;
        foreach (var (key, v) in environment)
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
                return v.Length > 0 ? v : null;
        return null;
    }

    private static InvalidInputException Missing(string id, string variable) =>
        new(id, $"service connection \"{id}\" is not available to this step ({variable} is not set); " +
            "check that it is a Kubernetes service connection and that the pipeline is authorised to use it");
}
