using Graylane.Core.Manifests;
using Graylane.Core.Validation;

namespace Graylane.Tests.Manifests;

public class ManifestPathsTests
{
    private static readonly MemoryManifestFiles Files = new(new()
    {
        ["k8s/b-service.yaml"] = "", ["k8s/a-deployment.yml"] = "", ["k8s/notes.md"] = "", ["k8s/overlays/prod/patch.yaml"] = "",
        ["out/all.yaml"] = "", ["config.yaml"] = "",
    });

    [Fact]
    public void A_directory_is_every_yaml_file_directly_inside_it_in_name_order()
    {
        Assert.Equal(["k8s/a-deployment.yml", "k8s/b-service.yaml"], ManifestPaths.Expand("k8s", Files));
    }

    [Fact]
    public void Entries_are_separated_by_commas_and_newlines_and_a_file_named_twice_is_read_once()
    {
        Assert.Equal(["out/all.yaml", "config.yaml", "k8s/a-deployment.yml", "k8s/b-service.yaml"],
            ManifestPaths.Expand("out/all.yaml, config.yaml\nk8s\n\nout/all.yaml", Files));
    }

    [Fact]
    public void Globs_match_one_level_with_star_and_any_depth_with_double_star()
    {
        Assert.Equal(["k8s/b-service.yaml"], ManifestPaths.Expand("k8s/*.yaml", Files));
        Assert.Equal(["k8s/a-deployment.yml", "k8s/b-service.yaml"], ManifestPaths.Expand("k8s/?-*.y*ml", Files));
        Assert.Equal(["k8s/b-service.yaml", "k8s/overlays/prod/patch.yaml"], ManifestPaths.Expand("k8s/**/*.yaml", Files));
        Assert.Equal(["config.yaml"], ManifestPaths.Expand("*.yaml", Files));
        Assert.Equal(["k8s/a-deployment.yml"], ManifestPaths.Expand("k8s/[a]-*", Files));
    }

    [Fact]
    public void Dash_is_standard_input_and_may_be_named_only_once()
    {
        Assert.Equal(["-", "config.yaml"], ManifestPaths.Expand("-,config.yaml", Files));
        var ex = Assert.Throws<InvalidInputException>(() => ManifestPaths.Expand("-\n-", Files));
        Assert.Equal("manifests", ex.Input);
        Assert.Contains("standard input", ex.Message);
    }

    [Theory]
    [InlineData("missing.yaml", "file missing.yaml not found")]
    [InlineData("k8s/*.json", "glob k8s/*.json matches no file")]
    [InlineData("out/none/*.yaml", "glob out/none/*.yaml matches no file")]
    [InlineData(" , \n", "names no file")]
    public void Paths_that_name_nothing_are_bad_input(string value, string message)
    {
        var ex = Assert.Throws<InvalidInputException>(() => ManifestPaths.Expand(value, Files));
        Assert.Equal("manifests", ex.Input);
        Assert.Contains(message, ex.Message);
    }

    [Fact]
    public void A_directory_without_yaml_is_bad_input()
    {
        var files = new MemoryManifestFiles(new() { ["docs/readme.md"] = "" });
        var ex = Assert.Throws<InvalidInputException>(() => ManifestPaths.Expand("docs", files));
        Assert.Contains("directory docs holds no *.yaml or *.yml file", ex.Message);
    }
}
