using System.Text.RegularExpressions;

namespace Graylane.Tests.Connection;

/// <summary>The local cluster's kubeconfig with one cluster field changed, to test how the server is verified.</summary>
internal static partial class KubeconfigVariants
{
    /// <summary>The CA line replaced (by another CA's data, a file path, or nothing).</summary>
    public static string WithCa(string kubeconfig, string? caLine) =>
        CaLine().Replace(kubeconfig, caLine is null ? "" : "    " + caLine + "\n");

    /// <summary>tls-server-name added to the cluster: the name the server's certificate must carry.</summary>
    public static string WithServerName(string kubeconfig, string name) =>
        ServerLine().Replace(kubeconfig, m => m.Value + $"    tls-server-name: {name}\n");

    public static string Write(string dir, string name, string text)
    {
        var path = Path.Combine(dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    [GeneratedRegex(@"^    certificate-authority-data: .*\n", RegexOptions.Multiline)]
    private static partial Regex CaLine();

    [GeneratedRegex(@"^    server: .*\n", RegexOptions.Multiline)]
    private static partial Regex ServerLine();
}
