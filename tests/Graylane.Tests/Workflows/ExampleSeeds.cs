using Graylane.Tests.Support;

namespace Graylane.Tests.Workflows;

/// <summary>The apps the examples release, as the seeds describe them, in namespace shop.</summary>
public static class ExampleSeeds
{
    /// <summary>S4 (seed 003): nginx v1 behind nginx-service.</summary>
    public static string Nginx => InShop(SeedObjects.NginxYaml);

    /// <summary>S2/S5 (seed 001): bookinfo reviews v1 with the user's VirtualService (route "primary") and DestinationRule.</summary>
    public static string Reviews => InShop(Bookinfo.Reviews + "\n---\n" + Bookinfo.UserIstio);

    /// <summary>
    /// S1 (seed 000): the baseline spring-cloud-a and the always-present gray spring-cloud-a-gray, one Service over
    /// both, and the user's mesh routing everyone to the baseline. As in the seed, the gray's container is named
    /// spring-cloud-a-gray and the baseline's spring-cloud-a: promote maps the single container's image across.
    /// </summary>
    public const string SpringCloudA = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: spring-cloud-a
          labels: {app: spring-cloud-a}
        spec:
          replicas: 2
          selector:
            matchLabels: {app: spring-cloud-a, version: base}
          template:
            metadata:
              labels: {app: spring-cloud-a, version: base}
            spec:
              containers:
                - name: spring-cloud-a
                  image: registry.example.com/shop/spring-cloud-a:1.0
                  ports: [{containerPort: 20001}]
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: spring-cloud-a-gray
          labels: {app: spring-cloud-a}
        spec:
          replicas: 1
          selector:
            matchLabels: {app: spring-cloud-a, version: gray}
          template:
            metadata:
              labels: {app: spring-cloud-a, version: gray}
            spec:
              containers:
                - name: spring-cloud-a-gray
                  image: registry.example.com/shop/spring-cloud-a:1.0
                  ports: [{containerPort: 20001}]
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: spring-cloud-a
        spec:
          selector: {app: spring-cloud-a}
          ports: [{port: 20001, name: http}]
        ---
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata:
          name: spring-cloud-a
        spec:
          hosts: [spring-cloud-a]
          http:
            - name: primary
              route: [{destination: {host: spring-cloud-a, subset: base}}]
        ---
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata:
          name: spring-cloud-a
        spec:
          host: spring-cloud-a
          subsets:
            - {name: base, labels: {version: base}}
            - {name: gray, labels: {version: gray}}
        """;

    private static string InShop(string yaml) => yaml.Replace("namespace: default", "namespace: " + ExampleCluster.Shop);
}
