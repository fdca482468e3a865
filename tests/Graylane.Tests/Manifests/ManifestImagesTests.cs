using Graylane.Core.Manifests;
using Graylane.Core.Validation;

namespace Graylane.Tests.Manifests;

public class ManifestImagesTests
{
    private const string TwoDeployments = """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              initContainers:
                - {name: migrate, image: registry.example.com/shop/web:1.0}
              containers:
                - {name: web, image: registry.example.com/shop/web:1.0}
                - {name: proxy, image: envoyproxy/envoy:v1.30}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: worker}
        spec:
          selector: {matchLabels: {app: worker}}
          template:
            metadata: {labels: {app: worker}}
            spec:
              containers:
                - {name: worker, image: "registry.example.com/shop/web:1.0@sha256:0123456789abcdef0123456789abcdef"}
        """;

    private static string Image(ManifestSet set, string deployment, string container) =>
        (string)set.Find("apps", "Deployment", deployment)!.Object["spec"]!["template"]!["spec"]!["containers"]!.AsArray()
            .Concat(set.Find("apps", "Deployment", deployment)!.Object["spec"]!["template"]!["spec"]!["initContainers"]?.AsArray() ?? [])
            .First(c => (string?)c!["name"] == container)!["image"]!;

    [Fact]
    public void A_bare_reference_replaces_every_image_of_its_repository_as_k8s_deploy_does()
    {
        var set = WebApp.Set(TwoDeployments);
        var changes = ManifestImages.Apply(set, null, "registry.example.com/shop/web:2.1");
        Assert.Equal("registry.example.com/shop/web:2.1", Image(set, "web", "web"));
        Assert.Equal("registry.example.com/shop/web:2.1", Image(set, "web", "migrate"));
        Assert.Equal("registry.example.com/shop/web:2.1", Image(set, "worker", "worker"));
        Assert.Equal("envoyproxy/envoy:v1.30", Image(set, "web", "proxy"));
        Assert.Equal(3, changes.Count);
        Assert.Contains("Deployment web, container web: registry.example.com/shop/web:1.0 -> registry.example.com/shop/web:2.1", changes);
    }

    [Fact]
    public void Named_and_bare_entries_mix_in_one_list()
    {
        var set = WebApp.Set(TwoDeployments);
        ManifestImages.Apply(set, null, "proxy=envoyproxy/envoy:v1.31\nregistry.example.com/shop/web:2.1");
        Assert.Equal("envoyproxy/envoy:v1.31", Image(set, "web", "proxy"));
        Assert.Equal("registry.example.com/shop/web:2.1", Image(set, "worker", "worker"));
    }

    [Fact]
    public void An_entry_that_matches_no_container_is_bad_input()
    {
        var ex = Assert.Throws<InvalidInputException>(() => ManifestImages.Apply(WebApp.Set(TwoDeployments), null, "registry.example.com/shop/api:2.1"));
        Assert.Equal("images", ex.Input);
        Assert.Contains("repository registry.example.com/shop/api", ex.Message);
        Assert.Contains("web=registry.example.com/shop/web:1.0 (Deployment web)", ex.Message);
    }

    [Fact]
    public void A_container_name_the_manifests_do_not_have_is_bad_input()
    {
        var ex = Assert.Throws<InvalidInputException>(() => ManifestImages.Apply(WebApp.Set(TwoDeployments), null, "sidecar=envoyproxy/envoy:v1.31"));
        Assert.Equal("images", ex.Input);
        Assert.Contains("container \"sidecar\"", ex.Message);
    }

    [Fact]
    public void Image_needs_exactly_one_container()
    {
        var ex = Assert.Throws<InvalidInputException>(() => ManifestImages.Apply(WebApp.Set(TwoDeployments), "shop/web:2", null));
        Assert.Equal("image", ex.Input);
        Assert.Contains("Deployment web/web", ex.Message);
        var one = WebApp.Set();
        ManifestImages.Apply(one, "registry.example.com/shop/web:2.0", null);
        Assert.Equal("registry.example.com/shop/web:2.0", Image(one, "web", "web"));
    }

    [Theory]
    [InlineData("shop/web:2.1", "shop/web")]
    [InlineData("registry.example.com:5000/shop/web", "registry.example.com:5000/shop/web")]
    [InlineData("registry.example.com:5000/shop/web:2.1@sha256:0123456789abcdef0123456789abcdef", "registry.example.com:5000/shop/web")]
    public void Repository_drops_tag_and_digest(string image, string repository) => Assert.Equal(repository, ManifestImages.Repository(image));

    [Fact]
    public void Invalid_references_are_refused()
    {
        Assert.Equal("images", Assert.Throws<InvalidInputException>(() => ManifestImages.Apply(WebApp.Set(), null, "Shop/Web:2")).Input);
        Assert.Equal("images", Assert.Throws<InvalidInputException>(() => ManifestImages.Apply(WebApp.Set(), null, "=shop/web:2")).Input);
    }
}
