namespace Graylane.Bench;

/// <summary>The apps the bench releases: seed 003's nginx behind a Service, and seed 001's reviews with the user's Istio objects.</summary>
public static class Seeds
{
    public const string Nginx = """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: nginx, namespace: default, labels: {app: nginx, version: v1}}
        spec:
          replicas: 2
          selector: {matchLabels: {app: my-nginx, version: v1}}
          template:
            metadata: {labels: {app: my-nginx, version: v1}}
            spec:
              containers:
                - name: nginx
                  image: nginx:1.25
                  resources: {requests: {cpu: 100m, memory: 64Mi}}
                  readinessProbe: {tcpSocket: {port: 80}}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: nginx-service, namespace: default}
        spec:
          selector: {app: my-nginx, version: v1}
          ports: [{port: 8000, targetPort: 80}]
        """;

    public const string Reviews = """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: reviews-v1, namespace: default, labels: {app: reviews, version: v1}}
        spec:
          replicas: 2
          selector: {matchLabels: {app: reviews, version: v1}}
          template:
            metadata: {labels: {app: reviews, version: v1}}
            spec:
              containers:
                - name: reviews
                  image: istio/examples-bookinfo-reviews-v1:1.16.2
                  ports: [{containerPort: 9080}]
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: reviews, namespace: default}
        spec:
          selector: {app: reviews}
          ports: [{port: 9080, name: http}]
        ---
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: reviews, namespace: default}
        spec:
          hosts: [reviews]
          http:
            - name: admin
              match: [{uri: {prefix: /admin}}]
              route: [{destination: {host: reviews, subset: v1}}]
            - name: primary
              retries: {attempts: 3, perTryTimeout: 2s}
              route: [{destination: {host: reviews, subset: v1}}]
        ---
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata: {name: reviews, namespace: default}
        spec:
          host: reviews
          subsets:
            - {name: v1, labels: {version: v1}}
        """;
}
