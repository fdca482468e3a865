using Graylane.Core.Manifests;
using Graylane.Core.Validation;

namespace Graylane.Tests.Manifests;

public class ManifestLoaderTests
{
    private const string Deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          selector:
            matchLabels: {app: web}
          template:
            metadata:
              labels: {app: web}
            spec:
              containers:
                - name: web
                  image: shop/web:1.0
        """;

    private static InvalidInputException Refused(string yaml, string file = "k8s/app.yaml", string ns = "shop")
    {
        var files = new MemoryManifestFiles(new() { [file] = yaml });
        var ex = Assert.Throws<InvalidInputException>(() => ManifestLoader.Load(file, files, ns));
        Assert.Equal("manifests", ex.Input);
        return ex;
    }

    [Fact]
    public void A_block_scalar_on_the_last_line_of_a_file_without_a_final_newline_keeps_its_line_break_as_kubectl_reads_it()
    {
        // kubectl apply of this file stores "x=1\ny=2\n": it reads files line by line, each line with its break.
        var o = ManifestLoader.Parse("k8s/files.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: files\ndata:\n  app.properties: |\n    x=1\n    y=2").Single();
        Assert.Equal("x=1\ny=2\n", (string?)o.Object["data"]!["app.properties"]);
    }

    [Fact]
    public void Files_directories_and_standard_input_are_read_in_order_with_multi_document_yaml_and_list_kinds()
    {
        var files = new MemoryManifestFiles(new()
        {
            ["k8s/1-deploy.yaml"] = Deployment,
            ["k8s/2-config.yaml"] = """
                apiVersion: v1
                kind: List
                items:
                  - {apiVersion: v1, kind: ConfigMap, metadata: {name: a}}
                  - {apiVersion: v1, kind: ConfigMap, metadata: {name: b}}
                """,
        }, stdin: "apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop}\nspec: {selector: {app: web}}\n---\n");
        var set = ManifestLoader.Load("k8s,-", files, "shop");
        Assert.Equal(["Deployment web", "ConfigMap a", "ConfigMap b", "Service web"], set.Objects.Select(o => o.Title));
        Assert.Equal("k8s/2-config.yaml document 1 item 2 (line 1)", set.Objects[2].Source.ToString());
        Assert.Equal("standard input", set.Objects[3].Source.FileName);
        Assert.Equal(1, files.StdinReads);
    }

    [Fact]
    public void Yaml_that_does_not_parse_names_the_file_and_line()
    {
        var ex = Refused(Deployment + "\n---\nkind: [oops\n");
        Assert.Matches(@"--manifests k8s/app\.yaml line 1[78], column \d+: YAML does not parse", ex.Message);
        Assert.Contains("YAML does not parse", ex.Message);
    }

    [Fact]
    public void A_namespace_other_than_the_release_namespace_is_refused_by_file_document_and_field()
    {
        var ex = Refused("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\n" + Deployment.Replace("name: web\nspec", "name: web\n  namespace: prod\nspec"));
        Assert.Contains("k8s/app.yaml document 2", ex.Message);
        Assert.Contains("metadata.namespace", ex.Message);
        Assert.Contains("namespace prod", ex.Message);
        Assert.Contains("--namespace shop", ex.Message);
    }

    [Fact]
    public void Two_objects_of_one_kind_and_name_are_refused_naming_both_places()
    {
        var ex = Refused(Deployment + "\n---\n" + Deployment);
        Assert.Contains("k8s/app.yaml document 2", ex.Message);
        Assert.Contains("Deployment web appears twice", ex.Message);
        Assert.Contains("k8s/app.yaml document 1 (line 1)", ex.Message);
        // Same name, other kind: fine.
        var files = new MemoryManifestFiles(new() { ["a.yaml"] = Deployment + "\n---\napiVersion: v1\nkind: Service\nmetadata: {name: web}\n" });
        Assert.Equal(2, ManifestLoader.Load("a.yaml", files, "shop").Objects.Count);
    }

    [Fact]
    public void A_deployment_whose_selector_does_not_match_its_template_labels_is_refused()
    {
        var ex = Refused(Deployment.Replace("labels: {app: web}", "labels: {app: webx}"));
        Assert.Contains("document 1", ex.Message);
        Assert.Contains("spec.selector", ex.Message);
        Assert.Contains("app=web", ex.Message);
        Assert.Contains("app=webx", ex.Message);
    }

    [Fact]
    public void Match_expressions_count_when_checking_the_selector()
    {
        var yaml = Deployment.Replace("matchLabels: {app: web}", "matchExpressions: [{key: tier, operator: In, values: [front]}]");
        Assert.Contains("tier in (front)", Refused(yaml).Message);
        var ok = yaml.Replace("labels: {app: web}", "labels: {app: web, tier: front}");
        Assert.Single(ManifestLoader.Load("a.yaml", new MemoryManifestFiles(new() { ["a.yaml"] = ok }), "shop").Deployments);
    }

    [Theory]
    [InlineData("", "holds no object")]
    [InlineData("---\n---\n", "holds no object")]
    [InlineData("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n", "holds no Deployment")]
    public void An_empty_manifest_set_is_refused(string yaml, string message) => Assert.Contains(message, Refused(yaml).Message);

    [Theory]
    [InlineData("kind: ConfigMap\nmetadata: {name: a}", "apiVersion")]
    [InlineData("apiVersion: v1\nmetadata: {name: a}", "kind")]
    [InlineData("apiVersion: v1\nkind: ConfigMap\nmetadata: {generateName: a-}", "generateName is not supported")]
    [InlineData("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: Bad_Name}", "not a valid Kubernetes name")]
    [InlineData("apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: r}", "cluster-scoped")]
    [InlineData("- a\n- b", "must be an object")]
    public void Objects_without_identity_are_refused_by_field(string yaml, string message)
    {
        var ex = Refused(Deployment + "\n---\n" + yaml);
        Assert.Contains("k8s/app.yaml document 2", ex.Message);
        Assert.Contains(message, ex.Message);
    }

    [Fact]
    public void A_deployment_without_containers_or_images_is_refused()
    {
        Assert.Contains("spec.template.spec.containers", Refused(Deployment.Replace("containers:\n        - name: web\n          image: shop/web:1.0", "containers: []")).Message);
        Assert.Contains("containers[0].image", Refused(Deployment.Replace("image: shop/web:1.0", "image: \"\"")).Message);
    }

    [Fact]
    public void The_release_namespace_itself_may_be_in_the_manifests_as_kustomize_writes_it()
    {
        var files = new MemoryManifestFiles(new() { ["all.yaml"] = "apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n---\n" + Deployment });
        Assert.Equal(["Deployment web"], ManifestLoader.Load("all.yaml", files, "shop").Objects.Select(o => o.Title));
        Assert.Contains("differs from --namespace shop", Refused("apiVersion: v1\nkind: Namespace\nmetadata: {name: prod}\n---\n" + Deployment).Message);
    }
}
