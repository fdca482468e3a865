namespace Graylane.Core.Manifests;

/// <summary>
/// The files --manifests names, behind an interface so the loader (pure) is tested without a disk and the engine
/// supplies the real one. Paths are as the user wrote them, relative to the working directory.
/// </summary>
public interface IManifestFiles
{
    bool IsFile(string path);
    bool IsDirectory(string path);

    /// <summary>The files directly inside a directory (not below), as paths that start with the directory's path.</summary>
    IEnumerable<string> FilesIn(string directory);

    /// <summary>Every file below a directory, at any depth (for "**" globs).</summary>
    IEnumerable<string> FilesBelow(string directory);

    string ReadFile(string path);

    /// <summary>Standard input, for "-".</summary>
    string ReadStandardInput();
}
