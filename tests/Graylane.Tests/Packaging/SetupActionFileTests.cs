using Graylane.Packaging;
using YamlDotNet.RepresentationModel;

namespace Graylane.Tests.Packaging;

/// <summary>
/// actions/setup is pinned to its own release: the version default is written by Packaging for the release being made,
/// and the release workflow tags a commit holding it. (What it installs on each OS is SetupActionTests, on the local runner.)
/// </summary>
public class SetupActionFileTests
{
    [Fact]
    public void The_version_default_is_the_release_the_file_is_written_for()
    {
        var release = ReleaseInfo.Parse("2.7.1");
        var yaml = new YamlStream();
        yaml.Load(new StringReader(SetupActionFile.Yaml(release)));
        var version = ((YamlMappingNode)yaml.Documents[0].RootNode).Map("inputs").Map("version");
        Assert.Equal("v2.7.1", version.Scalar("default"));
        Assert.Equal("false", version.Scalar("required"));
        // The committed file is the one for the default release (CI's Packaging check keeps it so).
        Assert.Equal(SetupActionFile.Yaml(ReleaseInfo.Parse(ReleaseInfo.DefaultVersion)), File.ReadAllText(RepositoryFiles.Path(SetupActionFile.Path)));
    }

    [Fact]
    public void The_release_workflow_writes_the_tags_version_into_a_release_commit_that_the_tags_point_at()
    {
        var release = RepositoryFiles.Yaml(".github/workflows/release.yml").Map("jobs").Map("release");
        var runs = ((YamlSequenceNode)release.Children[new YamlScalarNode("steps")]).Children.OfType<YamlMappingNode>()
            .Select(s => s.Scalar("run") ?? "").ToList();
        int Step(string text) => runs.FindIndex(r => r.Contains(text, StringComparison.Ordinal));

        var write = Step("src/Graylane.Packaging -- write --version \"${GITHUB_REF_NAME#v}\"");
        Assert.True(write >= 0, "the release job does not write the release's version into the metadata");
        Assert.Contains("git tag -f \"$GITHUB_REF_NAME\"", runs[write]);
        Assert.Contains("actions", runs[write]);                                   // the commit holds actions/setup/action.yml
        Assert.True(Step("gh release create") > write, "the GitHub release must be made from the release commit");
        var major = Step("git tag -f \"$major\"");
        Assert.True(major > write);
        Assert.DoesNotContain("GITHUB_SHA", runs[major]);                         // the major tag follows the release commit too
    }
}
