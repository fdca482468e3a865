namespace Graylane.Bench;

/// <summary>
/// The apps the bench releases: seed 003's nginx behind a Service, seed 001's reviews with the user's Istio objects, and
/// seed 002's mock app (mocka → mockb → mockc) behind an Istio ingress gateway for lanes.
/// </summary>
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

    public static string Mock => string.Join("\n---\n", new[] { "mocka", "mockb", "mockc" }.Select(MockService)) + "\n---\n" + MockGateway;

    public static readonly string[] MockDeployments = ["mocka-v1", "mockb-v1", "mockc-v1"];

    private static string MockService(string name) => $"""
        apiVersion: v1
        kind: Service
        metadata:
          name: {name}
          namespace: default
          labels:
            app: {name}
        spec:
          selector:
            app: {name}
          ports:
            - port: 8000
              name: http
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: {name}-v1
          namespace: default
          labels:
            app: {name}
            version: v1
        spec:
          replicas: 1
          selector:
            matchLabels:
              app: {name}
              version: v1
              ASM_TRAFFIC_TAG: v1
          template:
            metadata:
              labels:
                app: {name}
                version: v1
                ASM_TRAFFIC_TAG: v1
            spec:
              containers:
                - name: default
                  image: registry-cn-hangzhou.ack.aliyuncs.com/acs/asm-mock:v0.1-java
                  env:
                    - name: version
                      value: v1
                    - name: app
                      value: {name}
                  ports:
                    - containerPort: 8000
        """;

    private const string MockGateway = """
        apiVersion: networking.istio.io/v1beta1
        kind: Gateway
        metadata: {name: ingressgateway, namespace: istio-system}
        spec:
          selector: {istio: ingressgateway}
          servers: [{port: {number: 80, name: http, protocol: HTTP}, hosts: ['*']}]
        """;
}
