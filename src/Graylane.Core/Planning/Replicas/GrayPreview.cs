using System.Text.Json.Nodes;
using Graylane.Core.Json;
using Graylane.Core.Validation;

namespace Graylane.Core.Planning.Replicas;

/// <summary>
/// A split by pod counts has no routing object that can hold a ready pod back: the one Service in front of both versions
/// sends traffic to every ready pod it selects. So the gray starts with no pods, and deploy-gray proves its pod template on
/// a preview — a one-pod Deployment with the gray's template whose pods lack the labels the Service selects (and carry
/// graylane.io/preview instead), so the Service never sends it a request. Once the preview is ready it is removed. Pure.
/// </summary>
public static class GrayPreview
{
    public const string Label = "graylane.io/preview";
    /// <summary>The labels of the gray's pods the preview's pods go without (comma separated), for people reading the object.</summary>
    public const string WithheldAnnotation = "graylane.io/preview-without";
    public const string Suffix = "-preview";

    public static string NameOf(string gray) => gray + Suffix;

    /// <param name="gray">The gray Deployment as planned.</param>
    /// <param name="serviceSelector">The selector of the Service in front of both versions (not empty).</param>
    public static JsonObject Plan(JsonObject gray, IReadOnlyDictionary<string, string> serviceSelector)
    {
        if (serviceSelector.Count == 0) throw new ArgumentException("a preview hides from a Service selector; this one is empty", nameof(serviceSelector));
        var grayName = Obj.Name(gray);
        var name = NameOf(grayName);
        if (!KubeNames.IsDnsSubdomain(name))
            throw new InvalidInputException("version", $"the preview Deployment name \"{KubeNames.Printable(name)}\" is not a valid name; choose a shorter --version");
        var preview = ServerFields.Strip(gray);
        var meta = Obj.Metadata(preview);
        meta["name"] = name;
        Obj.SetLabel(preview, Label, grayName);
        var spec = Obj.Child(preview, "spec");
        spec["replicas"] = 1;
        spec["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { [Label] = grayName } };
        var labels = Obj.Child(Obj.Child(Obj.Child(spec, "template"), "metadata"), "labels");
        Obj.SetAnnotation(preview, WithheldAnnotation, string.Join(",", Withheld(gray, serviceSelector)));
        foreach (var key in serviceSelector.Keys) labels.Remove(key);
        labels[Label] = grayName;
        return preview;
    }

    /// <summary>The labels a preview pod lacks (for messages): the Service's selector keys the gray's pods carry.</summary>
    public static IReadOnlyList<string> Withheld(JsonObject gray, IReadOnlyDictionary<string, string> serviceSelector)
    {
        var labels = Obj.StringMap(gray["spec"]?["template"]?["metadata"]?["labels"]);
        return serviceSelector.Keys.Where(labels.ContainsKey).Order(StringComparer.Ordinal).ToList();
    }
}
