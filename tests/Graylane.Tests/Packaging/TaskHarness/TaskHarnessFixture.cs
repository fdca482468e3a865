using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using Graylane.Tests.Support;

namespace Graylane.Tests.Packaging.TaskHarness;

/// <summary>
/// The extension as the tests install it: release archives of the graylane program this test run built
/// (src/Graylane.Cli's own build output: the apphost for this platform's archive, graylane.dll for the portable one),
/// a server for them, and the task folders laid out by src/Tasks/stage-extension.js exactly as build-vsix.sh packs them,
/// each with payload.json pinning these archives.
/// </summary>
public sealed class TaskHarnessFixture : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("graylane-task-harness-").FullName;

    public TaskHarnessFixture()
    {
        Archives = Path.Combine(_dir, "release");
        Staging = Path.Combine(_dir, "extension");
        PortableOnly = Path.Combine(_dir, "extension-portable");
        if (TaskHarnessTools.Missing is not null) return; // every test is skipped: nothing to build
        Directory.CreateDirectory(Archives);
        var build = CliBuildOutput();
        Pack(build, Path.Combine(Archives, $"graylane-{TaskHarnessTools.PlatformKey}.tar.gz"));
        Pack(build, Path.Combine(Archives, "graylane-portable.tar.gz"));
        Stage(Archives, Staging);
        var portable = Directory.CreateDirectory(Path.Combine(_dir, "release-portable")).FullName;
        File.Copy(Path.Combine(Archives, "graylane-portable.tar.gz"), Path.Combine(portable, "graylane-portable.tar.gz"));
        Stage(portable, PortableOnly);
        Server = new ReleaseAssetServer(Archives);
    }

    /// <summary>The release archives: graylane-&lt;platform&gt;.tar.gz for this machine and graylane-portable.tar.gz.</summary>
    public string Archives { get; }

    /// <summary>The staged extension (the .vsix's content) pinning both archives.</summary>
    public string Staging { get; }

    /// <summary>The same extension as built without a native archive for this platform.</summary>
    public string PortableOnly { get; }

    public ReleaseAssetServer Server { get; private set; } = null!;

    public string TaskFolder(string folder, bool portableOnly = false) => Path.Combine(portableOnly ? PortableOnly : Staging, "src", "Tasks", folder);

    public void Dispose()
    {
        Server?.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    // tests/Graylane.Tests/bin/<Configuration>/<tfm>/ → src/Graylane.Cli/bin/<Configuration>/<tfm>/ (built as a reference).
    private static string CliBuildOutput()
    {
        var tfm = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var build = RepositoryFiles.Path(Path.Combine("src", "Graylane.Cli", "bin", tfm.Parent!.Name, tfm.Name));
        if (!File.Exists(Path.Combine(build, "graylane.dll"))) throw new InvalidOperationException($"no graylane build in {build}");
        return build;
    }

    // As the release packs its archives (tar -czf, GNU format), without symbols.
    private static void Pack(string folder, string archive)
    {
        using var file = File.Create(archive);
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        using var tar = new TarWriter(gzip, TarEntryFormat.Gnu);
        foreach (var path in Directory.GetFiles(folder).Where(p => !p.EndsWith(".pdb", StringComparison.Ordinal)).Order())
            tar.WriteEntry(path, Path.GetFileName(path));
    }

    private static void Stage(string archives, string staging)
    {
        var start = new ProcessStartInfo(Tools.Require("node"), [RepositoryFiles.Path("src/Tasks/stage-extension.js"), archives, staging])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var node = Process.Start(start)!;
        var stdout = node.StandardOutput.ReadToEndAsync();
        var stderr = node.StandardError.ReadToEnd();
        node.WaitForExit();
        if (node.ExitCode != 0) throw new InvalidOperationException($"stage-extension.js failed: {stdout.Result}{stderr}");
    }
}
