namespace Graylane.LocalCluster.Tests.Routing;

/// <summary>Istio's bookinfo reviews service (seed 001) with v1, v2, v3 and the usual DestinationRule.</summary>
internal static class Bookinfo
{
    public static string Reviews => """
        apiVersion: v1
        kind: Service
        metadata: {name: reviews, namespace: bookinfo, labels: {app: reviews}}
        spec:
          ports: [{port: 9080, name: http}]
          selector: {app: reviews}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: ratings, namespace: bookinfo}
        spec:
          ports: [{port: 9080, name: http}]
          selector: {app: ratings}
        ---
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata: {name: reviews, namespace: bookinfo}
        spec:
          host: reviews
          subsets:
          - name: v1
            labels: {version: v1}
          - name: v2
            labels: {version: v2}
          - name: v3
            labels: {version: v3}
        """ + "\n---\n" + Deployment("reviews", "v1", "") + "\n---\n" + Deployment("reviews", "v2", "ratings")
        + "\n---\n" + Deployment("reviews", "v3", "ratings") + "\n---\n" + Deployment("ratings", "v1", "");

    public static string Deployment(string app, string version, string calls) => $"""
        apiVersion: apps/v1
        kind: Deployment
        metadata: {"{"}name: {app}-{version}, namespace: bookinfo{"}"}
        spec:
          replicas: 2
          selector:
            matchLabels: {"{"}app: {app}, version: {version}{"}"}
          template:
            metadata:
              labels: {"{"}app: {app}, version: {version}{"}"}
              annotations: {"{"}graylane.io/calls: "{calls}"{"}"}
            spec:
              containers: [{"{"}name: {app}, image: "docker.io/istio/examples-bookinfo-{app}-{version}:1.10.1"{"}"}]
        """;

    /// <summary>A VirtualService for reviews with the given http routes (YAML list items, indented by 2).</summary>
    public static string ReviewsVs(string httpRoutes) => $"""
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {"{"}name: reviews, namespace: bookinfo{"}"}
        spec:
          hosts: [reviews]
          http:
        {httpRoutes}
        """;
}
