namespace Graylane.Tests.Support;

/// <summary>Seed 001's bookinfo `reviews` service (v1 serving), with and without the user's own Istio objects.</summary>
public static class Bookinfo
{
    public const string Reviews = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: reviews-v1
          namespace: default
          labels: {app: reviews, version: v1}
        spec:
          replicas: 2
          selector:
            matchLabels: {app: reviews, version: v1}
          template:
            metadata:
              labels: {app: reviews, version: v1}
            spec:
              containers:
                - name: reviews
                  image: istio/examples-bookinfo-reviews-v1:1.16.2
                  ports: [{containerPort: 9080}]
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: reviews
          namespace: default
          labels: {app: reviews, service: reviews}
        spec:
          selector: {app: reviews}
          ports: [{port: 9080, name: http}]
        """;

    /// <summary>A user's VirtualService with several routes, retries, a fault and other hosts — all of which must survive.</summary>
    public const string UserIstio = """
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata:
          name: reviews
          namespace: default
          annotations: {team: books}
        spec:
          hosts: [reviews, reviews.default.svc.cluster.local]
          http:
            - name: admin
              match: [{uri: {prefix: /admin}}]
              fault:
                abort: {httpStatus: 403, percentage: {value: 100}}
              route: [{destination: {host: reviews, subset: v1}}]
            - name: primary
              retries: {attempts: 3, perTryTimeout: 2s}
              timeout: 10s
              route: [{destination: {host: reviews, subset: v1, port: {number: 9080}}}]
        ---
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata:
          name: reviews
          namespace: default
        spec:
          host: reviews
          trafficPolicy: {loadBalancer: {simple: ROUND_ROBIN}}
          subsets:
            - name: v1
              labels: {version: v1}
        """;
}
