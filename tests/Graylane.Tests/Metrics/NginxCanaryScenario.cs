using Graylane.LocalCluster.Routing;
using Graylane.Tests.Support;

namespace Graylane.Tests.Metrics;

/// <summary>
/// An ingress-nginx canary as users write it: Ingress web → Service web (v1), and the canary Ingress web-canary →
/// Service web-canary (v2) with nginx.ingress.kubernetes.io/canary-weight.
/// </summary>
public static class NginxCanaryScenario
{
    public static async Task<ClusterFixture> StartAsync(int weight)
    {
        var c = await ClusterFixture.StartAsync(Yaml(weight), "web");
        await c.WaitReadyAsync("web-canary");
        return c;
    }

    public static RouteRequest ThroughIngress => RouteRequest.To("default", "shop.example.com") with { Ingress = "web" };

    private static string Yaml(int weight) => $$$$$"""
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: default}
        spec:
          replicas: 1
          selector: {matchLabels: {app: web, version: v1}}
          template:
            metadata: {labels: {app: web, version: v1}}
            spec: {containers: [{name: web, image: "shop/web:1"}]}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web-canary, namespace: default}
        spec:
          replicas: 1
          selector: {matchLabels: {app: web, version: v2}}
          template:
            metadata: {labels: {app: web, version: v2}}
            spec: {containers: [{name: web, image: "shop/web:2"}]}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: web, namespace: default}
        spec: {selector: {app: web, version: v1}, ports: [{port: 80}]}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: web-canary, namespace: default}
        spec: {selector: {app: web, version: v2}, ports: [{port: 80}]}
        ---
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: web, namespace: default}
        spec:
          ingressClassName: nginx
          rules:
          - host: shop.example.com
            http:
              paths:
              - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
        ---
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata:
          name: web-canary
          namespace: default
          annotations:
            nginx.ingress.kubernetes.io/canary: "true"
            nginx.ingress.kubernetes.io/canary-weight: "{{{{{weight}}}}}"
        spec:
          ingressClassName: nginx
          rules:
          - host: shop.example.com
            http:
              paths:
              - {path: /, pathType: Prefix, backend: {service: {name: web-canary, port: {number: 80}}}}
        """;
}
