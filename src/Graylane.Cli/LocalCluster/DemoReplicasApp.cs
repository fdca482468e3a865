namespace Graylane.Cli.LocalCluster;

/// <summary>
/// The replicas demo's app (issue 13): web on 5 pods behind Service web, which selects app: web only — no mesh, no ingress
/// controller — and an HPA on web that would fight the replica counts if Graylane did not pause it.
/// </summary>
internal static class DemoReplicasApp
{
    public const string Image = "registry.example.com/shop/web";

    public const string Yaml = """
        apiVersion: v1
        kind: Namespace
        metadata:
          name: demo
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          namespace: demo
          labels: {app: web}
        spec:
          replicas: 5
          selector:
            matchLabels: {app: web, version: v1}
          template:
            metadata:
              labels: {app: web, version: v1}
            spec:
              containers:
                - name: web
                  image: registry.example.com/shop/web:1.0
                  ports: [{containerPort: 8080}]
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: web
          namespace: demo
        spec:
          selector: {app: web}
          ports: [{port: 80, targetPort: 8080, name: http}]
        ---
        apiVersion: autoscaling/v2
        kind: HorizontalPodAutoscaler
        metadata:
          name: web
          namespace: demo
        spec:
          scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
          minReplicas: 3
          maxReplicas: 10
          metrics:
            - type: Resource
              resource: {name: cpu, target: {type: Utilization, averageUtilization: 70}}
        """;
}
