namespace Graylane.Cli.LocalCluster;

/// <summary>The demo's app: seed 003's nginx (its Deployment labels differ from its pods', as in the article).</summary>
internal static class DemoApp
{
    /// <summary>Seed 001's bookinfo reviews: v1 serving, a Service selecting every version, no Istio objects yet.</summary>
    public const string ReviewsYaml = """
        apiVersion: v1
        kind: Namespace
        metadata:
          name: demo
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: reviews-v1
          namespace: demo
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
                  image: docker.io/istio/examples-bookinfo-reviews-v1:1.16.2
                  ports: [{containerPort: 9080}]
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: reviews
          namespace: demo
          labels: {app: reviews}
        spec:
          selector: {app: reviews}
          ports: [{port: 9080, name: http}]
        """;

    public const string Namespace = "demo";
    public const string Service = "nginx-service";

    public const string Yaml = """
        apiVersion: v1
        kind: Namespace
        metadata:
          name: demo
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: nginx
          namespace: demo
          labels:
            app: nginx
            version: v1
        spec:
          replicas: 2
          progressDeadlineSeconds: 60
          selector:
            matchLabels:
              app: my-nginx
              version: v1
          template:
            metadata:
              labels:
                app: my-nginx
                version: v1
            spec:
              containers:
                - name: nginx
                  image: nginx:1.25
                  resources:
                    requests: {cpu: 100m, memory: 64Mi}
                  readinessProbe:
                    tcpSocket: {port: 80}
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: nginx-service
          namespace: demo
        spec:
          selector:
            app: my-nginx
            version: v1
          ports:
            - port: 8000
              targetPort: 80
        """;
}
