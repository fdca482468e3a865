using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Graylane.LocalCluster.Validation;

/// <summary>
/// The Service rules kubectl users meet, worded as the API server words them: type, ports (number, name, protocol,
/// targetPort, nodePort only where a node port exists), headless Services, and on update a clusterIP that may not change.
/// </summary>
internal static partial class ServiceValidation
{
    private static readonly string[] Types = ["ClusterIP", "NodePort", "LoadBalancer", "ExternalName"];
    private static readonly string[] Protocols = ["SCTP", "TCP", "UDP"];

    public static void Validate(JsonObject obj, JsonObject? old, List<FieldError> errors)
    {
        var spec = obj["spec"] as JsonObject ?? new JsonObject();
        var type = spec["type"].Str() ?? "ClusterIP";
        if (!Types.Contains(type))
            errors.Add(FieldError.NotSupported("spec.type", type, Types.Select(t => $"\"{t}\"")));
        if (spec["selector"] is JsonObject selector)
            foreach (var (key, value) in selector)
            {
                foreach (var m in NameRules.QualifiedName(key)) errors.Add(FieldError.Invalid("spec.selector", key, m));
                foreach (var m in NameRules.LabelValue(value.Str() ?? "")) errors.Add(FieldError.Invalid("spec.selector", value?.DeepClone(), m));
            }
        var clusterIP = spec["clusterIP"].Str() ?? "";
        var headless = clusterIP == "None";
        if (type == "ExternalName")
        {
            if (string.IsNullOrEmpty(spec["externalName"].Str())) errors.Add(FieldError.Required("spec.externalName"));
        }
        else if (headless && type is "NodePort" or "LoadBalancer")
            errors.Add(FieldError.Invalid("spec.clusterIPs[0]", clusterIP, $"may not be set to 'None' for {type} services"));
        ValidatePorts(spec, type, headless, errors);
        if (old is not null) ValidateClusterIPsUpdate(spec, old["spec"] as JsonObject ?? new JsonObject(), errors);
    }

    private static void ValidatePorts(JsonObject spec, string type, bool headless, List<FieldError> errors)
    {
        var ports = spec["ports"] as JsonArray;
        if ((ports is null || ports.Count == 0) && type != "ExternalName" && !headless)
            errors.Add(FieldError.Required("spec.ports"));
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; ports is not null && i < ports.Count; i++)
        {
            var port = ports[i] as JsonObject ?? new JsonObject();
            var path = $"spec.ports[{i}]";
            var name = port["name"].Str() ?? "";
            if (ports.Count > 1 && name.Length == 0) errors.Add(FieldError.Required($"{path}.name"));
            else if (name.Length > 0)
            {
                foreach (var m in NameRules.Dns1123Label(name)) errors.Add(FieldError.Invalid($"{path}.name", name, m));
                if (!names.Add(name)) errors.Add(FieldError.Duplicate($"{path}.name", name));
            }
            var number = port["port"].Long() ?? 0; // Go's zero value when missing
            if (number is < 1 or > 65535) errors.Add(FieldError.Invalid($"{path}.port", number, "must be between 1 and 65535, inclusive"));
            var protocol = port["protocol"].Str() ?? "TCP";
            if (!Protocols.Contains(protocol))
                errors.Add(FieldError.NotSupported($"{path}.protocol", protocol, Protocols.Select(p => $"\"{p}\"")));
            ValidateTargetPort(port["targetPort"], $"{path}.targetPort", errors);
            if (port["nodePort"].Long() is { } nodePort and not 0)
            {
                if (type is not ("NodePort" or "LoadBalancer"))
                    errors.Add(FieldError.Forbidden($"{path}.nodePort", $"may not be used when `type` is '{type}'"));
                else if (nodePort is < 30000 or > 32767)
                    errors.Add(FieldError.Invalid($"{path}.nodePort", nodePort,
                        "provided port is not in the valid range. The range of valid ports is 30000-32767"));
            }
        }
    }

    /// <summary>A number between 1 and 65535, or an IANA service name (a container port's name).</summary>
    private static void ValidateTargetPort(JsonNode? target, string path, List<FieldError> errors)
    {
        if (target is null) return;
        if (target.Str() is { } name)
        {
            foreach (var m in PortName(name)) errors.Add(FieldError.Invalid(path, name, m));
            return;
        }
        if (target.Long() is { } n and (< 1 or > 65535)) errors.Add(FieldError.Invalid(path, n, "must be between 1 and 65535, inclusive"));
    }

    /// <summary>apimachinery's IsValidPortName.</summary>
    private static IEnumerable<string> PortName(string port)
    {
        if (port.Length > 15) yield return "must be no more than 15 characters";
        if (!PortNameChars().IsMatch(port)) yield return "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)";
        if (!port.Any(char.IsAsciiLetterLower)) yield return "must contain at least one letter (a-z)";
        if (port.Contains("--", StringComparison.Ordinal)) yield return "must not contain consecutive hyphens";
        if (port.Length > 0 && (port[0] == '-' || port[^1] == '-')) yield return "must not begin or end with a hyphen";
    }

    /// <summary>
    /// The primary clusterIP may not change once set (validateUpgradeDowngradeClusterIPs), unless the Service is or
    /// becomes ExternalName or stays headless. The value shown is the new clusterIPs list, as upstream shows it.
    /// </summary>
    private static void ValidateClusterIPsUpdate(JsonObject spec, JsonObject oldSpec, List<FieldError> errors)
    {
        if ((spec["type"].Str() ?? "ClusterIP") == "ExternalName" || (oldSpec["type"].Str() ?? "ClusterIP") == "ExternalName") return;
        if (spec["clusterIP"].Str() == "None" && oldSpec["clusterIP"].Str() == "None") return;
        var before = Strings(oldSpec["clusterIPs"]);
        var after = Strings(spec["clusterIPs"]);
        var shown = new JsonArray(after.Select(ip => (JsonNode)ip).ToArray());
        if (before.Count > 0 && after.Count == 0)
            errors.Add(FieldError.Invalid("spec.clusterIPs[0]", shown, "primary clusterIP can not be unset"));
        else if (before.Count > 0 && after[0] != before[0])
            errors.Add(FieldError.Invalid("spec.clusterIPs[0]", shown, "may not change once set"));
        else if (before.Count == after.Count)
            for (var i = 1; i < before.Count; i++)
                if (before[i] != after[i]) errors.Add(FieldError.Invalid($"spec.clusterIPs[{i}]", shown, "may not change once set"));
    }

    private static List<string> Strings(JsonNode? node) => (node as JsonArray)?.Select(x => x.Str() ?? "").ToList() ?? [];

    [GeneratedRegex(@"^[-a-z0-9]+\z")] private static partial Regex PortNameChars();
}
