using System.Text.RegularExpressions;

namespace Graylane.Core.Validation;

/// <summary>Container image references by the distribution grammar: [host[:port]/]path[:tag][@digest].</summary>
public static partial class ImageReference
{
    [GeneratedRegex(
        "^(?:(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?|\\[[0-9a-fA-F:]+\\](?::[0-9]+)?)/)?" +
        "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*" +
        "(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?" +
        "(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})?$")]
    private static partial Regex Pattern();

    /// <summary>The repository name (before tag and digest) may be at most 255 characters, as registries enforce.</summary>
    public static bool IsValid(string image) =>
        image.Length is > 0 and <= 512 && Pattern().IsMatch(image) && RepositoryLength(image) <= 255;

    private static int RepositoryLength(string image)
    {
        var at = image.IndexOf('@');
        var name = at < 0 ? image : image[..at];
        var colon = name.LastIndexOf(':');
        return colon > name.LastIndexOf('/') ? colon : name.Length;
    }

    public static string Validate(string input, string image)
    {
        if (!IsValid(image))
            throw new InvalidInputException(input,
                $"--{input} \"{KubeNames.Printable(image)}\" is not a valid image reference: expected [registry[:port]/]name[:tag][@sha256:digest] with a lower-case name, e.g. registry.example.com/team/nginx:1.27");
        return image;
    }
}
