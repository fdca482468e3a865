namespace Graylane.Cli;

/// <summary>A kubeconfig input may hold the file's content (from a secret) instead of a path.</summary>
public static class KubeconfigContent
{
    public static bool IsContent(string value) =>
        value.Contains('\n') || value.TrimStart().StartsWith("apiVersion:", StringComparison.Ordinal) || value.TrimStart().StartsWith('{');

    /// <summary>Writes the content to a file only this user can read; the caller deletes it.</summary>
    public static string WriteTemp(string content)
    {
        var path = Path.Combine(Path.GetTempPath(), $"graylane-kubeconfig-{Guid.NewGuid():N}");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var file = new FileStream(path, options))
        using (var writer = new StreamWriter(file))
            writer.Write(content);
        return path;
    }
}
