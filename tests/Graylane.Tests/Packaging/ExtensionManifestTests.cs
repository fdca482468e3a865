using System.Buffers.Binary;
using System.Text.Json.Nodes;
using Graylane.Packaging;

namespace Graylane.Tests.Packaging;

/// <summary>What tfx and the Marketplace check in vss-extension.json, and what a release build changes in it.</summary>
public class ExtensionManifestTests
{
    /// <summary>The ids 1.0 was published with: pipelines and the classic editor find a task by its id, forever.</summary>
    private static readonly Dictionary<string, string> PublishedIds = new()
    {
        ["DeployGrayV1"] = "e9b7d441-d8b7-5abc-9ad7-5ce63df9b487",
        ["ShiftTrafficV1"] = "79193095-d8b4-5162-bb2a-65cb911d102c",
        ["WaitApprovalV1"] = "8df29d18-f18e-541d-8286-7d31951efad7",
        ["PromoteV1"] = "74606dd4-64e0-5bbb-9092-232b4798e4c4",
        ["RollbackV1"] = "ae31ef1d-3e0b-52da-a9ac-6c33323eadcd",
    };

    [Fact]
    public void Task_ids_stay_the_published_ones()
    {
        foreach (var (folder, id) in PublishedIds)
            Assert.Equal(id, (string)RepositoryFiles.Json($"src/Tasks/{folder}/task.json")["id"]!);
    }

    [Fact]
    public void A_release_build_carries_the_tags_version_everywhere_and_keeps_the_ids()
    {
        var files = GeneratedFiles.All(ReleaseInfo.Parse("v2.3.4"));

        Assert.Equal("2.3.4", (string)JsonNode.Parse(files["vss-extension.json"])!["version"]!);
        foreach (var (folder, id) in PublishedIds)
        {
            var task = JsonNode.Parse(files[$"src/Tasks/{folder}/task.json"])!;
            Assert.Equal(id, (string)task["id"]!);
            Assert.Equal((2, 3, 4), ((int)task["version"]!["Major"]!, (int)task["version"]!["Minor"]!, (int)task["version"]!["Patch"]!));
        }
    }

    [Fact]
    public void The_listing_has_an_icon_of_at_least_128_pixels_an_overview_and_a_known_category()
    {
        var manifest = RepositoryFiles.Json("vss-extension.json");

        var (width, height) = PngSize(RepositoryFiles.Path((string)manifest["icons"]!["default"]!));
        Assert.True(width >= 128 && height >= 128, $"icon is {width}×{height}");
        Assert.Contains("# ", File.ReadAllText(RepositoryFiles.Path((string)manifest["content"]!["details"]!["path"]!)));
        // The Marketplace's categories for Azure DevOps extensions (tfx refuses others on publish).
        Assert.All(manifest["categories"]!.AsArray(), c => Assert.Contains((string)c!,
            (string[])["Azure Repos", "Azure Boards", "Azure Pipelines", "Azure Test Plans", "Azure Artifacts"]));
        Assert.Equal(ReleaseInfo.Publisher, (string)manifest["publisher"]!);
        Assert.Matches(@"^\d+\.\d+\.\d+$", (string)manifest["version"]!);
    }

    [Fact]
    public void The_release_workflow_builds_the_extension_with_the_tags_version_and_every_platforms_archive()
    {
        var workflow = File.ReadAllText(RepositoryFiles.Path(".github/workflows/release.yml"));
        var write = workflow.IndexOf("Graylane.Packaging -- write --version \"${GITHUB_REF_NAME#v}\"", StringComparison.Ordinal);
        var build = workflow.IndexOf("src/Tasks/build-vsix.sh", StringComparison.Ordinal);

        Assert.True(write >= 0 && build > write, "the metadata is rewritten with the tag's version before the .vsix is built");
        Assert.Contains("linux-x64,linux-arm64,win-x64,osx-x64,osx-arm64,portable", workflow[build..]);
        foreach (var rid in (string[])["linux-x64", "linux-arm64", "win-x64", "osx-x64", "osx-arm64"])
            Assert.Contains($"- rid: {rid}", workflow);
    }

    // A PNG's IHDR chunk: width and height, big-endian, right after the 8-byte signature and the chunk header.
    private static (int Width, int Height) PngSize(string path)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(bytes, 12, 4));
        return (BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)));
    }
}
