using System.Text.Json.Nodes;
using Graylane.Core.Json;

namespace Graylane.Core.Manifests;

/// <summary>One object of the manifests, as written (JSON), and where it was written.</summary>
public sealed class ManifestObject(JsonObject obj, ManifestSource source)
{
    public JsonObject Object { get; } = obj;
    public ManifestSource Source { get; } = source;

    public string ApiVersion => (string?)Object["apiVersion"] ?? "";
    public string Kind => (string?)Object["kind"] ?? "";
    public string Name => Obj.Name(Object);
    public string? Namespace => Obj.Namespace(Object);

    /// <summary>The API group: "" for core/v1, "apps" for apps/v1.</summary>
    public string Group => ApiVersion.Contains('/') ? ApiVersion[..ApiVersion.IndexOf('/')] : "";

    public bool Is(string group, string kind) => Group == group && Kind == kind;

    public bool IsDeployment => Is("apps", "Deployment");
    public bool IsConfigMap => Is("", "ConfigMap");
    public bool IsSecret => Is("", "Secret");

    /// <summary>"Deployment web", for messages.</summary>
    public string Title => $"{Kind} {Name}";

    /// <summary>Identity within a namespace: two objects with the same key are the same object.</summary>
    public string Key => $"{Group}/{Kind}/{Name}";

    public override string ToString() => $"{Source}: {Title}";
}
