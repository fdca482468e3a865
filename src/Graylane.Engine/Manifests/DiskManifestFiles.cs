using Graylane.Core.Manifests;
using Graylane.Core.Validation;

namespace Graylane.Engine.Manifests;

/// <summary>
/// The files --manifests names, on disk, relative to the working directory (the checkout in a pipeline: a container
/// action and an Azure task run there). Paths are shown as given.
/// </summary>
/// <param name="workingDirectory">What relative paths are relative to; null: the process's current directory.</param>
public sealed class DiskManifestFiles(Func<string> readStandardInput, string? workingDirectory = null) : IManifestFiles
{
    public bool IsFile(string path) => File.Exists(Full(path));

    public bool IsDirectory(string path) => Directory.Exists(Full(path));

    public IEnumerable<string> FilesIn(string directory) => Directory.EnumerateFiles(Full(directory)).Select(f => AsGiven(directory, f));

    public IEnumerable<string> FilesBelow(string directory) =>
        Directory.EnumerateFiles(Full(directory), "*", SearchOption.AllDirectories).Select(f => AsGiven(directory, f));

    public string ReadFile(string path)
    {
        try
        {
            return File.ReadAllText(Full(path));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidInputException("manifests", $"--manifests file {path} cannot be read: {ex.Message}");
        }
    }

    public string ReadStandardInput() => readStandardInput();

    private string Full(string path) => workingDirectory is null ? path : Path.Combine(workingDirectory, path);

    /// <summary>A file found below a directory, named from the directory as the user gave it (dir/a.yaml, not /checkout/dir/a.yaml).</summary>
    private string AsGiven(string directory, string found) =>
        workingDirectory is null ? found : Path.Combine(directory, Path.GetRelativePath(Full(directory), found));
}
