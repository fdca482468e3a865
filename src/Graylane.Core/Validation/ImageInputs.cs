namespace Graylane.Core.Validation;

/// <summary>Reads --image (one container) and --images (name=image, comma or newline separated).</summary>
public static class ImageInputs
{
    /// <summary>Container name → image; a single --image is keyed by "" (meaning: the only container).</summary>
    public static Dictionary<string, string> Parse(string? image, string? images)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!string.IsNullOrWhiteSpace(image) && !string.IsNullOrWhiteSpace(images))
            throw new InvalidInputException("images", "give either --image (one container) or --images (name=image,...), not both");
        if (!string.IsNullOrWhiteSpace(image))
        {
            result[""] = ImageReference.Validate("image", image.Trim());
            return result;
        }
        if (string.IsNullOrWhiteSpace(images)) return result;
        foreach (var raw in images.Split([',', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = raw.IndexOf('=');
            if (eq <= 0)
                throw new InvalidInputException("images", $"--images entry \"{KubeNames.Printable(raw)}\" must be container=image, e.g. --images app=shop/app:2.1,sidecar=shop/proxy:1.4");
            var name = KubeNames.DnsLabel("images", raw[..eq].Trim());
            if (result.ContainsKey(name))
                throw new InvalidInputException("images", $"--images names container \"{name}\" twice");
            result[name] = ImageReference.Validate("images", raw[(eq + 1)..].Trim());
        }
        return result;
    }
}
