using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Graylane.Tests.Support;

namespace Graylane.Tests.Packaging;

/// <summary>
/// src/Tasks/run-graylane.js and install-graylane.js, run by node as the agent runs a task folder: a stand-in
/// binary, pinned in payload.json and served from a mirror folder (GRAYLANE_DOWNLOAD_URL), records what it was
/// given, so the test sees the install, the arguments, the inherited environment and the exit code pass through.
/// </summary>
public sealed class TaskRunnerTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("graylane-task-").FullName;
    private readonly string _mirror;

    public TaskRunnerTests()
    {
        foreach (var file in (string[])["run-graylane.js", "install-graylane.js"])
            File.Copy(RepositoryFiles.Path($"src/Tasks/{file}"), System.IO.Path.Combine(_dir, file));
        File.Copy(RepositoryFiles.Path("src/Tasks/ShiftTrafficV1/index.js"), System.IO.Path.Combine(_dir, "index.js"));
        _mirror = Directory.CreateDirectory(System.IO.Path.Combine(_dir, "mirror")).FullName;
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [LinuxX64NodeFact]
    public void Installs_the_pinned_build_once_then_runs_it_with_the_step_the_environment_and_its_exit_code()
    {
        var record = System.IO.Path.Combine(_dir, "record.txt");
        var archive = Archive("graylane-linux-x64.tar.gz", ("graylane", $"#!/bin/sh\necho \"$@|$INPUT_WEIGHT|$TF_BUILD\" >> '{record}'\nexit 3\n"));
        Payload(("linux-x64", archive));

        var first = Node("index.js", ("INPUT_WEIGHT", "100"), ("TF_BUILD", "True"));
        File.Delete(System.IO.Path.Combine(_mirror, "graylane-linux-x64.tar.gz")); // the second run must not need the mirror
        var second = Node("index.js", ("INPUT_WEIGHT", "50"), ("TF_BUILD", "True"));

        Assert.Equal(3, first.Code);
        Assert.Contains("SHA-256 verified", first.Stdout);
        Assert.Equal(3, second.Code);
        Assert.Contains("from the tool cache", second.Stdout);
        Assert.Equal(["shift-traffic|100|True", "shift-traffic|50|True"], File.ReadAllLines(record));
        Assert.True(File.Exists(System.IO.Path.Combine(_dir, "tools", "graylane", "1.2.3", "linux-x64.complete")));
    }

    [LinuxX64NodeFact]
    public void Downloads_go_through_the_agents_proxy_with_its_credentials_which_never_reach_the_log()
    {
        var record = System.IO.Path.Combine(_dir, "record.txt");
        Payload(("linux-x64", Archive("graylane-linux-x64.tar.gz", ("graylane", $"#!/bin/sh\necho \"$@\" > '{record}'\n"))));
        using var proxy = new RecordingProxy(_mirror);

        var (code, stdout) = Node("index.js", ("GRAYLANE_DOWNLOAD_URL", "http://release.example.invalid/v1.2.3/"),
            ("AGENT_PROXYURL", proxy.Url), ("AGENT_PROXYUSERNAME", "builder"), ("SECRET_AGENT_PROXYPASSWORD", "pr0xy-s3cret"));

        Assert.True(code == 0, stdout);
        Assert.Equal("shift-traffic", File.ReadAllText(record).Trim());
        var head = Assert.Single(proxy.Heads);
        Assert.StartsWith("GET http://release.example.invalid/v1.2.3/graylane-linux-x64.tar.gz HTTP/1.1\r\n", head);
        Assert.Contains($"Proxy-Authorization: Basic {Convert.ToBase64String("builder:pr0xy-s3cret"u8)}\r\n", head, StringComparison.OrdinalIgnoreCase);
        Assert.Contains($"through the agent's proxy {proxy.Url}", stdout);
        Assert.DoesNotContain("pr0xy-s3cret", stdout);
    }

    [ToolFact("node")]
    public void Https_downloads_tunnel_through_the_proxy_and_a_refusal_fails_the_task_naming_it()
    {
        Payload(("linux-x64", Archive("graylane-linux-x64.tar.gz", ("graylane", "#!/bin/sh\n"))));
        using var proxy = new RecordingProxy(_mirror);

        var (code, stdout) = Node("-e \"require('./run-graylane.js')('promote', { platform: 'linux', arch: 'x64', musl: false })\"",
            ("GRAYLANE_DOWNLOAD_URL", "https://release.example.invalid/v1.2.3/"), ("AGENT_PROXYURL", proxy.Url));

        Assert.Equal(1, code);
        Assert.StartsWith("CONNECT release.example.invalid:443 HTTP/1.1\r\n", Assert.Single(proxy.Heads));
        Assert.Contains($"##vso[task.complete result=Failed;]graylane promote: the agent's proxy {proxy.Url} answered HTTP 403 to CONNECT release.example.invalid:443", stdout);
    }

    [LinuxX64NodeFact]
    public void Addresses_on_the_agents_proxy_bypass_list_are_fetched_directly()
    {
        Payload(("linux-x64", Archive("graylane-linux-x64.tar.gz", ("graylane", "#!/bin/sh\n"))));
        using var mirror = new RecordingProxy(_mirror);   // here the server itself, reached without a proxy

        var (code, stdout) = Node("-e \"require('./run-graylane.js')('promote', { platform: 'linux', arch: 'x64', musl: false })\"",
            ("GRAYLANE_DOWNLOAD_URL", mirror.Url + "/v1.2.3/"), ("AGENT_PROXYURL", "http://127.0.0.2:9"),
            ("AGENT_PROXYBYPASSLIST", """["^http://127\\.0\\.0\\.1:"]"""));

        Assert.Contains("SHA-256 verified", stdout);
        Assert.StartsWith("GET /v1.2.3/graylane-linux-x64.tar.gz HTTP/1.1\r\n", Assert.Single(mirror.Heads));
    }

    [ToolFact("node")]
    public void Without_a_native_build_or_dotnet_it_fails_at_once_naming_the_step_to_add()
    {
        Payload(("portable", Archive("graylane-portable.tar.gz", ("graylane.dll", "not run"))));
        // A PATH holding node alone (dotnet often sits beside it in /usr/bin): no dotnet to be found.
        var pathDir = Directory.CreateDirectory(System.IO.Path.Combine(_dir, "path")).FullName;
        File.CreateSymbolicLink(System.IO.Path.Combine(pathDir, "node"), Tools.Require("node"));

        var (code, stdout) = Node("-e \"require('./run-graylane.js')('promote', { platform: 'win32', arch: 'x64' })\"", ("PATH", pathDir));

        Assert.Equal(1, code);
        Assert.Contains("##vso[task.complete result=Failed;]graylane promote: graylane has no native build for win-x64 agents", stdout);
        Assert.Contains("- task: UseDotNet@2%0A  inputs:%0A    packageType: runtime%0A    version: 10.x", stdout);
        Assert.DoesNotContain("downloading", stdout);
    }

    [ToolFact("node")]
    public void An_archive_entry_outside_its_folder_is_refused()
    {
        var archive = Archive("graylane-linux-x64.tar.gz", ("../escaped", "x"));
        var (code, stdout) = Node($"-e \"require('./install-graylane.js').untar(require('fs').readFileSync('{archive}'), 'unpacked')\"");

        Assert.NotEqual(0, code);
        Assert.Contains("outside its folder", stdout);
        Assert.False(File.Exists(System.IO.Path.Combine(_dir, "escaped")));
    }

    [ToolFact("node")]
    public void Agents_map_to_the_release_platforms_and_musl_gets_the_portable_build()
    {
        var (code, stdout) = Node("-e \"const { platformKey } = require('./install-graylane.js'); console.log(JSON.stringify([" +
            "platformKey('linux', 'x64', false), platformKey('linux', 'arm64', false), platformKey('win32', 'x64', false), " +
            "platformKey('darwin', 'arm64', false), platformKey('darwin', 'x64', false), platformKey('linux', 'x64', true), platformKey('linux', 'ia32', false)]))\"");

        Assert.Equal(0, code);
        Assert.Equal("""["linux-x64","linux-arm64","win-x64","osx-arm64","osx-x64",null,null]""", stdout.Trim());
    }

    private string Archive(string name, params (string Name, string Content)[] entries)
    {
        var path = System.IO.Path.Combine(_mirror, name);
        using (var file = File.Create(path))
        using (var gzip = new GZipStream(file, CompressionLevel.Fastest))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Gnu))
        {
            foreach (var (entry, content) in entries)
            {
                var data = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(content));
                tar.WriteEntry(new GnuTarEntry(TarEntryType.RegularFile, entry) { DataStream = data, Mode = (UnixFileMode)Convert.ToInt32("644", 8) });
            }
        }
        return path;
    }

    // payload.json as stage-extension.js writes it, for the given archives.
    private void Payload(params (string Platform, string Archive)[] archives)
    {
        var assets = new JsonObject();
        foreach (var (platform, archive) in archives)
        {
            var bytes = File.ReadAllBytes(archive);
            assets[platform] = new JsonObject
            {
                ["file"] = System.IO.Path.GetFileName(archive),
                ["size"] = bytes.Length,
                ["sha256"] = Convert.ToHexStringLower(SHA256.HashData(bytes)),
            };
        }
        File.WriteAllText(System.IO.Path.Combine(_dir, "payload.json"),
            new JsonObject { ["version"] = "1.2.3", ["url"] = "https://example.invalid/none/", ["assets"] = assets }.ToJsonString());
    }

    private (int Code, string Stdout) Node(string arguments, params (string Name, string Value)[] env)
    {
        var start = new ProcessStartInfo(Tools.Require("node"), arguments)
        {
            WorkingDirectory = _dir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["AGENT_TOOLSDIRECTORY"] = System.IO.Path.Combine(_dir, "tools");
        start.Environment["GRAYLANE_DOWNLOAD_URL"] = _mirror;
        foreach (var (name, value) in env) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(30_000), "node did not finish");
        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    /// <summary>
    /// The stand-in binary is a shell script, installed as the linux-x64 build: elsewhere the test is reported
    /// skipped, saying why.
    /// </summary>
    internal sealed class LinuxX64NodeFactAttribute : FactAttribute
    {
        public LinuxX64NodeFactAttribute()
        {
            if (!OperatingSystem.IsLinux() || RuntimeInformation.OSArchitecture != Architecture.X64)
                Skip = $"the stand-in is installed as the linux-x64 build; this is {RuntimeInformation.RuntimeIdentifier}";
            else if (Tools.Missing("node") is { } why)
                Skip = why;
        }
    }
}
