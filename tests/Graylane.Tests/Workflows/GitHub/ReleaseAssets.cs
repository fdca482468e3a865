using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using Graylane.Tests.Support;

namespace Graylane.Tests.Workflows.GitHub;

/// <summary>
/// Release archives as the release workflow packs them (graylane-&lt;rid&gt;.tar.gz holding the one binary,
/// graylane-portable.tar.gz the framework-dependent build), made from this test run's own graylane:
/// <list type="bullet">
/// <item>A native build cannot be made here, so its archive holds a stand-in of the same name that runs this build's
/// graylane.dll and says which build it stands for (GRAYLANE_STAND_IN=&lt;rid&gt; &lt;tag&gt; on stderr).</item>
/// <item>The portable archive holds this build's graylane.dll with its runtimeconfig, deps and the assemblies they name.</item>
/// </list>
/// Entries are written without the executable bit, as an archive made elsewhere may be: actions/setup must set it.
/// </summary>
public static class ReleaseAssets
{
    public static readonly string[] NativeBuilds = ["linux-x64", "linux-arm64", "win-x64", "osx-x64", "osx-arm64"];

    private static readonly Lazy<byte[]> PortableArchive = new(() => Archive(PortableFiles().Select(f => (Path.GetFileName(f), File.ReadAllBytes(f)))));

    public static byte[] Native(string rid, string tag)
    {
        var dotnet = Tools.Find("dotnet") ?? Environment.ProcessPath ?? "dotnet";
        var dll = Path.Combine(AppContext.BaseDirectory, "graylane.dll");
        var script = $"#!/bin/sh\necho \"GRAYLANE_STAND_IN={rid} {tag}\" >&2\nexec '{dotnet}' '{dll}' \"$@\"\n";
        return Archive([(rid == "win-x64" ? "graylane.exe" : "graylane", Encoding.UTF8.GetBytes(script))]);
    }

    public static byte[] Portable() => PortableArchive.Value;

    /// <summary>graylane.dll, its runtimeconfig and deps, and every assembly graylane.deps.json names, from this test build.</summary>
    private static IEnumerable<string> PortableFiles()
    {
        var dir = AppContext.BaseDirectory;
        var deps = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "graylane.deps.json")))!;
        var assemblies = deps["targets"]!.AsObject().SelectMany(t => t.Value!.AsObject())
            .SelectMany(lib => (lib.Value?["runtime"] as JsonObject ?? []).Select(r => Path.GetFileName(r.Key)))
            .Distinct(StringComparer.Ordinal);
        return new[] { "graylane.dll", "graylane.runtimeconfig.json", "graylane.deps.json" }.Concat(assemblies)
            .Distinct(StringComparer.Ordinal).Select(f => Path.Combine(dir, f)).Where(File.Exists);
    }

    private static byte[] Archive(IEnumerable<(string Name, byte[] Content)> files)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax))
        {
            foreach (var (name, content) in files)
            {
                var entry = new PaxTarEntry(TarEntryType.RegularFile, name)
                {
                    Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
                    DataStream = new MemoryStream(content),
                };
                tar.WriteEntry(entry);
            }
        }
        return buffer.ToArray();
    }
}
