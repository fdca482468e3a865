namespace Graylane.Cli.LocalCluster;

/// <summary>The manifests demo's app, labelled as users label theirs: app: web only, the greeting in a ConfigMap.</summary>
internal static class DemoManifestsApp
{
    public const string Image = "registry.example.com/shop/web";

    /// <summary>What runs before the release (as a kubectl apply of the repository left it).</summary>
    public const string V1 = """
        apiVersion: v1
        kind: Namespace
        metadata: {name: demo}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: web-config, namespace: demo}
        data:
          greeting: hello-v1
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: demo, labels: {app: web}}
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
                  image: registry.example.com/shop/web:1.0
                  env:
                    - name: GREETING
                      valueFrom:
                        configMapKeyRef: {name: web-config, key: greeting}
                  readinessProbe:
                    httpGet: {path: /healthz, port: 8080}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: web, namespace: demo}
        spec:
          selector: {app: web}
          ports: [{port: 80, targetPort: 8080}]
        """;

    /// <summary>The repository's manifests for v2 (the image tag comes from --images, as CI sets it): a new env var and a new greeting.</summary>
    public const string V2 = """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: web-config}
        data:
          greeting: hello-v2
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, labels: {app: web}}
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
                  image: registry.example.com/shop/web:1.0
                  env:
                    - name: GREETING
                      valueFrom:
                        configMapKeyRef: {name: web-config, key: greeting}
                    - name: LOG_LEVEL
                      value: debug
                  readinessProbe:
                    httpGet: {path: /healthz, port: 8080}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: web}
        spec:
          selector: {app: web}
          ports: [{port: 80, targetPort: 8080}]
        """;
}
