using Graylane.Core.Manifests;
using Graylane.Core.Validation;

namespace Graylane.Engine.Manifests;

/// <summary>The files --manifests names, on disk, relative to the working directory (the checkout in a pipeline).</summary>
public sealed class DiskManifestFiles(Func<string> readStandardInput) : IManifestFiles
{
    public bool IsFile(string path) => File.Exists(path);

    public bool IsDirectory(string path) => Directory.Exists(path);

    public IEnumerable<string> FilesIn(string directory) => Directory.EnumerateFiles(directory);

    public IEnumerable<string> FilesBelow(string directory) => Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories);

    public string ReadFile(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidInputException("manifests", $"--manifests file {path} cannot be read: {ex.Message}");
        }
    }

    public string ReadStandardInput() => readStandardInput();
}
