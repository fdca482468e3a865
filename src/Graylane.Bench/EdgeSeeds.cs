namespace Graylane.Bench;

/// <summary>
/// The apps the bench releases through an edge router or by pod counts: web (Service selecting app: web only, as most
/// manifests do) behind a Gateway API HTTPRoute or an ingress-nginx Ingress for shop.example.com, and web with 4 pods for
/// --router replicas (the same Service picks both versions).
/// </summary>
public static class EdgeSeeds
{
    private const string Web = """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: default, labels: {app: web}}
        spec:
          replicas: 2
          selector: {matchLabels: {app: web, version: v1}}
          template:
            metadata: {labels: {app: web, version: v1}}
            spec:
              containers: [{name: web, image: "registry.example.com/shop/web:1.0", ports: [{containerPort: 8080}]}]
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: web, namespace: default}
        spec:
          selector: {app: web}
          ports: [{name: http, port: 80, targetPort: 8080}]
        """;

    public const string GatewayApi = Web + """

        ---
        apiVersion: v1
        kind: Namespace
        metadata: {name: infra}
        ---
        apiVersion: gateway.networking.k8s.io/v1
        kind: Gateway
        metadata: {name: public, namespace: infra}
        spec:
          gatewayClassName: example
          listeners: [{name: http, port: 80, protocol: HTTP, allowedRoutes: {namespaces: {from: All}}}]
        ---
        apiVersion: gateway.networking.k8s.io/v1
        kind: HTTPRoute
        metadata: {name: web, namespace: default}
        spec:
          parentRefs: [{name: public, namespace: infra}]
          hostnames: [shop.example.com]
          rules:
          - name: main
            matches: [{path: {type: PathPrefix, value: /}}]
            backendRefs: [{name: web, port: 80}]
        """;

    public const string Nginx = Web + """

        ---
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: web, namespace: default}
        spec:
          ingressClassName: nginx
          rules:
          - host: shop.example.com
            http:
              paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {name: http}}}}]
        """;

    public const string Replicas = """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: default, labels: {app: web}}
        spec:
          replicas: 4
          selector: {matchLabels: {app: web, version: v1}}
          template:
            metadata: {labels: {app: web, version: v1}}
            spec:
              containers: [{name: web, image: "registry.example.com/shop/web:1.0", readinessProbe: {httpGet: {path: /healthz, port: 8080}}}]
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: web, namespace: default}
        spec:
          selector: {app: web}
          ports: [{port: 80, targetPort: 8080}]
        """;
}
