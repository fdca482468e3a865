namespace Graylane.Tests.Routing.Replicas;

/// <summary>
/// A web app as teams without a mesh run it: Deployment web (5 pods, app: web, version: v1) behind Service web, whose
/// selector (app: web) picks every version — the setup --router replicas splits traffic by pod counts in.
/// </summary>
public static class ReplicasSeed
{
    public const string Web = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          namespace: default
          labels:
            app: web
        spec:
          replicas: 5
          selector:
            matchLabels:
              app: web
              version: v1
          template:
            metadata:
              labels:
                app: web
                version: v1
            spec:
              containers:
                - name: web
                  image: registry.example.com/shop/web:1.0
                  readinessProbe:
                    httpGet:
                      path: /healthz
                      port: 8080
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: web
          namespace: default
        spec:
          selector:
            app: web
          ports:
            - port: 80
              targetPort: 8080
        """;

    /// <summary>An autoscaler on the baseline, with a behavior of its own that pause and resume must keep.</summary>
    public const string Autoscaler = """
        apiVersion: autoscaling/v2
        kind: HorizontalPodAutoscaler
        metadata:
          name: web
          namespace: default
        spec:
          scaleTargetRef:
            apiVersion: apps/v1
            kind: Deployment
            name: web
          minReplicas: 3
          maxReplicas: 5
          metrics:
            - type: Resource
              resource:
                name: cpu
                target:
                  type: Utilization
                  averageUtilization: 70
          behavior:
            scaleDown:
              stabilizationWindowSeconds: 120
        """;

    public static readonly (string, string)[] Deploy = [("service", "web"), ("router", "replicas"), ("image", "registry.example.com/shop/web:2.0"), ("version", "v2")];
}
