using Graylane.Core.Manifests;

namespace Graylane.Tests.Manifests;

public class LastAppliedTests
{
    [Fact]
    public void The_annotation_is_byte_for_byte_what_kubectl_apply_writes()
    {
        // Written by kubectl 1.32 `apply -n default -f` of this manifest.
        var manifest = ManifestLoader.Parse("app.yaml", """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
              labels: {app: web}
            spec:
              replicas: 2
              selector:
                matchLabels: {app: web}
              template:
                metadata:
                  labels: {app: web}
                spec:
                  containers:
                    - name: web
                      image: shop/web:1.0
                      env:
                        - {name: A, value: "<&>"}
                      resources: {requests: {cpu: 0.5}}
            """).Single().Object;
        const string kubectl = """{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"annotations":{},"labels":{"app":"web"},"name":"web","namespace":"default"},"spec":{"replicas":2,"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"env":[{"name":"A","value":"\u003c\u0026\u003e"}],"image":"shop/web:1.0","name":"web","resources":{"requests":{"cpu":0.5}}}]}}}}""";
        Assert.Equal(kubectl + "\n", LastApplied.Of(manifest, "default"));
    }

    [Fact]
    public void Own_annotations_are_kept_and_an_old_last_applied_is_not_nested()
    {
        var manifest = ManifestLoader.Parse("cm.yaml", """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: c
              annotations: {team: web, kubectl.kubernetes.io/last-applied-configuration: "{}"}
            data: {b: "1", a: "line\ttab"}
            """).Single().Object;
        Assert.Equal("""{"apiVersion":"v1","data":{"a":"line\ttab","b":"1"},"kind":"ConfigMap","metadata":{"annotations":{"team":"web"},"name":"c","namespace":"shop"}}""" + "\n",
            LastApplied.Of(manifest, "shop"));
        var annotated = LastApplied.Annotated(manifest, "shop");
        Assert.Equal(LastApplied.Of(manifest, "shop"), (string?)annotated["metadata"]!["annotations"]![LastApplied.Annotation]);
        Assert.Equal("web", (string?)annotated["metadata"]!["annotations"]!["team"]);
    }
}
