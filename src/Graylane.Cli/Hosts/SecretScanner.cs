using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Graylane.Cli.Hosts;

/// <summary>
/// Finds the credentials inside a kubeconfig so the host can mask them. Masking a whole kubeconfig
/// line by line would hide ordinary lines such as "kind: Config" everywhere, so only the secret
/// values are masked. Uses YamlStream (no reflection, AOT safe).
/// </summary>
public static class SecretScanner
{
    // users[].user fields that are credentials (client-certificate-data is public, but masked as asked: it
    // identifies the client and is often pasted next to the key).
    private static readonly string[] UserSecretKeys = ["token", "client-key-data", "client-certificate-data", "password"];

    private static readonly string[] SecretWords = ["token", "secret", "password", "passwd", "key", "credential"];

    /// <summary>True when the text parses as YAML whose top level has "users" or "clusters".</summary>
    public static bool IsKubeconfig(string text)
    {
        if (!text.Contains("users:", StringComparison.Ordinal) && !text.Contains("clusters:", StringComparison.Ordinal))
            return false;
        return Load(text).Any(root => root.Children.ContainsKey("users") || root.Children.ContainsKey("clusters"));
    }

    /// <summary>The secret values in a kubeconfig; empty when the text is not a kubeconfig or does not parse.</summary>
    public static IReadOnlyList<string> KubeconfigSecrets(string yaml)
    {
        var secrets = new List<string>();
        foreach (var root in Load(yaml))
        {
            if (Child(root, "users") is not YamlSequenceNode users)
                continue;
            foreach (var entry in users.Children.OfType<YamlMappingNode>())
                if (Child(entry, "user") is YamlMappingNode user)
                    CollectUser(user, secrets);
        }
        return secrets.Where(s => !string.IsNullOrWhiteSpace(s)).Distinct().ToList();
    }

    private static void CollectUser(YamlMappingNode user, List<string> secrets)
    {
        foreach (var key in UserSecretKeys)
            if (Child(user, key) is YamlScalarNode { Value: { } value })
                secrets.Add(value);

        // auth-provider config holds access-token, refresh-token, id-token, client-secret…
        if (Child(user, "auth-provider") is YamlMappingNode provider && Child(provider, "config") is YamlMappingNode config)
            foreach (var (key, value) in config.Children)
                if (key is YamlScalarNode { Value: { } name } && value is YamlScalarNode { Value: { } v } && (NameLooksSecret(name) || ValueLooksLikeToken(v)))
                    secrets.Add(v);

        if (Child(user, "exec") is YamlMappingNode exec)
        {
            if (Child(exec, "env") is YamlSequenceNode env)
                foreach (var variable in env.Children.OfType<YamlMappingNode>())
                    if (Child(variable, "value") is YamlScalarNode { Value: { } v }
                        && ((Child(variable, "name") is YamlScalarNode { Value: { } name } && NameLooksSecret(name)) || ValueLooksLikeToken(v)))
                        secrets.Add(v);
            if (Child(exec, "args") is YamlSequenceNode args)
                CollectArgs(args.Children.OfType<YamlScalarNode>().Select(a => a.Value ?? "").ToList(), secrets);
        }
    }

    // exec plugins often take credentials as flags: --client-secret=xyz or --token xyz.
    private static void CollectArgs(List<string> args, List<string> secrets)
    {
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith('-'))
                continue;
            var equals = arg.IndexOf('=');
            var flag = equals < 0 ? arg : arg[..equals];
            if (!NameLooksSecret(flag))
                continue;
            if (equals >= 0)
                secrets.Add(arg[(equals + 1)..]);
            else if (i + 1 < args.Count && !args[i + 1].StartsWith('-'))
                secrets.Add(args[i + 1]);
        }
    }

    private static bool NameLooksSecret(string name) =>
        SecretWords.Any(word => name.Contains(word, StringComparison.OrdinalIgnoreCase));

    // Long, unbroken mixes of letters and digits (JWTs, API keys); paths and URLs are not tokens.
    private static bool ValueLooksLikeToken(string value) =>
        value.Length >= 16
        && !value.Any(char.IsWhiteSpace)
        && !value.StartsWith('/') && !value.Contains("://", StringComparison.Ordinal)
        && value.Any(char.IsAsciiLetter) && value.Any(char.IsAsciiDigit);

    private static YamlNode? Child(YamlMappingNode mapping, string key) =>
        mapping.Children.TryGetValue(new YamlScalarNode(key), out var node) ? node : null;

    private static IReadOnlyList<YamlMappingNode> Load(string text)
    {
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            return stream.Documents.Select(d => d.RootNode).OfType<YamlMappingNode>().ToList();
        }
        catch (YamlException)
        {
            return [];
        }
    }
}
