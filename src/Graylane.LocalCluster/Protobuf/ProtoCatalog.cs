using System.Collections.Concurrent;
using System.Reflection;

namespace Graylane.LocalCluster.Protobuf;

/// <summary>
/// The embedded Kubernetes 1.36 .proto files (Schemas/kubernetes-proto), read per package on first use (a protobuf body
/// for apps/v1 reads apps/v1, core/v1 and the apimachinery packages they import, nothing else), plus the Go JSON facts
/// of go-json-fields.txt.
/// </summary>
internal static class ProtoCatalog
{
    private const string Prefix = "Graylane.LocalCluster.Schemas.kubernetes-proto/";
    private static readonly ConcurrentDictionary<string, IReadOnlyDictionary<string, ProtoMessage>> Packages = new(StringComparer.Ordinal);
    private static readonly Lazy<IReadOnlySet<string>> ResourceNames = new(() =>
        Assembly.GetExecutingAssembly().GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal))
            .Select(n => n[Prefix.Length..].Replace('\\', '/')).ToHashSet(StringComparer.Ordinal));
    private static readonly Lazy<IReadOnlyDictionary<string, IReadOnlySet<string>>> GoFacts = new(ReadGoFacts);

    /// <summary>The message of that full name ("k8s.io.api.apps.v1.Deployment"), or null when no embedded file has it.</summary>
    public static ProtoMessage? Find(string fullName)
    {
        var dot = fullName.LastIndexOf('.');
        if (dot < 0) return null;
        var package = Load(fullName[..dot]);
        return package.TryGetValue(fullName, out var message) ? message : null;
    }

    /// <summary>Whether the server's JSON shows this scalar field when it is zero (a set pointer, or no omitempty).</summary>
    public static bool KeepsZero(ProtoMessage message, ProtoField field) => Facts(message).Contains("keep:" + field.Name);

    /// <summary>Whether the field is an embedded Go struct whose fields the JSON shows in the parent object.</summary>
    public static bool IsInline(ProtoMessage message, ProtoField field) => Facts(message).Contains("inline:" + field.Name);

    /// <summary>The field's JSON name (its proto name but for a few, like MutatingWebhookConfiguration's "Webhooks").</summary>
    public static string JsonName(ProtoMessage message, ProtoField field) =>
        Facts(message).FirstOrDefault(f => f.StartsWith("json:" + field.Name + "=", StringComparison.Ordinal)) is { } renamed
            ? renamed[(renamed.IndexOf('=') + 1)..]
            : field.Name;

    private static IReadOnlySet<string> Facts(ProtoMessage message) =>
        GoFacts.Value.TryGetValue(message.FullName, out var facts) ? facts : EmptyFacts;

    private static readonly IReadOnlySet<string> EmptyFacts = new HashSet<string>();

    private static IReadOnlyDictionary<string, ProtoMessage> Load(string package) =>
        Packages.GetOrAdd(package, p =>
        {
            var path = PathOf(p);
            if (!ResourceNames.Value.Contains(path)) return new Dictionary<string, ProtoMessage>();
            var (_, _, messages) = ProtoSchema.Parse(Read(path));
            return messages.ToDictionary(m => m.FullName, StringComparer.Ordinal);
        });

    /// <summary>"k8s.io.api.apps.v1" → "k8s.io/api/apps/v1/generated.proto".</summary>
    private static string PathOf(string package) =>
        package.StartsWith("k8s.io.", StringComparison.Ordinal)
            ? "k8s.io/" + package["k8s.io.".Length..].Replace('.', '/') + "/generated.proto"
            : package.Replace('.', '/') + "/generated.proto";

    /// <summary>go-json-fields.txt: per message, its facts (keep:f, inline:f, json:f=name).</summary>
    private static IReadOnlyDictionary<string, IReadOnlySet<string>> ReadGoFacts()
    {
        var result = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal);
        foreach (var line in Read("go-json-fields.txt").Split('\n'))
        {
            if (line.StartsWith('#') || line.Trim().Length == 0) continue;
            var parts = line.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            result[parts[0]] = parts.Skip(1).ToHashSet(StringComparer.Ordinal);
        }
        return result;
    }

    private static string Read(string relative)
    {
        var assembly = Assembly.GetExecutingAssembly();
        var name = assembly.GetManifestResourceNames().First(n => n.StartsWith(Prefix, StringComparison.Ordinal) && n[Prefix.Length..].Replace('\\', '/') == relative);
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
