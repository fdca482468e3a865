using Graylane.Core.Manifests;

namespace Graylane.Tests.Manifests;

/// <summary>Files held in memory, paths with '/' (for the loader's pure tests).</summary>
public sealed class MemoryManifestFiles(Dictionary<string, string> files, string? stdin = null) : IManifestFiles
{
    public int StdinReads { get; private set; }

    public bool IsFile(string path) => files.ContainsKey(Trim(path));

    public bool IsDirectory(string path) => Trim(path) is var p && (p == "." || files.Keys.Any(f => f.StartsWith(p + "/", StringComparison.Ordinal)));

    public IEnumerable<string> FilesIn(string directory) =>
        files.Keys.Where(f => Parent(f) == Trim(directory)).Select(f => Trim(directory) == "." ? f : f);

    public IEnumerable<string> FilesBelow(string directory) =>
        files.Keys.Where(f => Trim(directory) == "." || f.StartsWith(Trim(directory) + "/", StringComparison.Ordinal));

    public string ReadFile(string path) => files[Trim(path)];

    public string ReadStandardInput()
    {
        StdinReads++;
        return stdin ?? throw new InvalidOperationException("no standard input in this test");
    }

    private static string Trim(string p) => p.StartsWith("./", StringComparison.Ordinal) ? p[2..] : p.TrimEnd('/');

    private static string Parent(string f) => f.Contains('/') ? f[..f.LastIndexOf('/')] : ".";
}
