using System.Text.RegularExpressions;

namespace Graylane.LocalCluster.Protobuf;

/// <summary>One field of a message: its type is a scalar ("string", "int64", …) or a message's full name.</summary>
internal sealed record ProtoField(int Number, string Name, string Type, bool Repeated, string? MapKeyType);

/// <summary>One message of a .proto file; Wrapper marks the +protobuf.nullable types that are a bare list in JSON (ExtraValue).</summary>
internal sealed record ProtoMessage(string FullName, IReadOnlyDictionary<int, ProtoField> Fields, bool Wrapper);

/// <summary>
/// Reads the Kubernetes generated.proto files: package, imports, messages and their fields (proto2 optional, repeated
/// and map fields; go-to-protobuf writes no nested messages, enums or oneofs).
/// </summary>
internal static partial class ProtoSchema
{
    public static readonly HashSet<string> Scalars = ["string", "bytes", "bool", "int32", "int64", "uint32", "uint64", "double", "float"];

    public static (string Package, IReadOnlyList<string> Imports, IReadOnlyList<ProtoMessage> Messages) Parse(string text)
    {
        var package = PackageLine().Match(text).Groups[1].Value;
        var imports = ImportLine().Matches(text).Select(m => m.Groups[1].Value).ToList();
        var messages = new List<ProtoMessage>();
        var lines = text.Split('\n');
        var comments = new List<string>();
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            var start = MessageStart().Match(line);
            if (!start.Success)
            {
                // The comment block right above a message carries its +protobuf markers.
                if (line.TrimStart().StartsWith("//", StringComparison.Ordinal)) comments.Add(line);
                else comments.Clear();
                continue;
            }
            var nullable = comments.Any(c => c.Contains("+protobuf.nullable=true", StringComparison.Ordinal));
            comments.Clear();
            var fields = new Dictionary<int, ProtoField>();
            for (i++; i < lines.Length && !lines[i].StartsWith('}'); i++)
            {
                var body = lines[i].Trim();
                if (MapField().Match(body) is { Success: true } map)
                    fields[int.Parse(map.Groups[4].Value)] = new ProtoField(int.Parse(map.Groups[4].Value), map.Groups[3].Value,
                        Qualify(map.Groups[2].Value, package), Repeated: true, MapKeyType: map.Groups[1].Value);
                else if (Field().Match(body) is { Success: true } f)
                    fields[int.Parse(f.Groups[4].Value)] = new ProtoField(int.Parse(f.Groups[4].Value), f.Groups[3].Value,
                        Qualify(f.Groups[2].Value, package), Repeated: f.Groups[1].Value == "repeated", MapKeyType: null);
            }
            var wrapper = nullable && fields.Count == 1 && fields.Values.Single() is { Name: "items", Repeated: true, MapKeyType: null };
            messages.Add(new ProtoMessage($"{package}.{start.Groups[1].Value}", fields, wrapper));
        }
        return (package, imports, messages);
    }

    /// <summary>A scalar stays as it is; ".a.b.C" is already full; "C" is in this file's package.</summary>
    private static string Qualify(string type, string package) =>
        Scalars.Contains(type) ? type : type.StartsWith('.') ? type[1..] : $"{package}.{type}";

    [GeneratedRegex(@"^package\s+([\w.]+)\s*;", RegexOptions.Multiline)] private static partial Regex PackageLine();
    [GeneratedRegex(@"^import\s+""([^""]+)""\s*;", RegexOptions.Multiline)] private static partial Regex ImportLine();
    [GeneratedRegex(@"^message\s+(\w+)\s*\{")] private static partial Regex MessageStart();
    [GeneratedRegex(@"^(optional|repeated|required)\s+([\w.]+)\s+(\w+)\s*=\s*(\d+)")] private static partial Regex Field();
    [GeneratedRegex(@"^map<\s*(\w+)\s*,\s*([\w.]+)\s*>\s+(\w+)\s*=\s*(\d+)")] private static partial Regex MapField();
}
