namespace Graylane.Tests.Manifests;

/// <summary>
/// A folder of manifests as a team keeps it in git: a Deployment labelled `app: web` only (env from a ConfigMap through
/// envFrom and valueFrom, a mounted ConfigMap, resources, probes), its Service, an HPA and a PDB, and the routing objects
/// each router needs in the shapes their projects document (Gateway API's HTTPRoute guide, ingress-nginx's Ingress).
/// </summary>
public static class ShopRepository
{
    public static string Config(string greeting) => $"""
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: web-config
          labels:
            app: web
        data:
          GREETING: {greeting}
          LOG_LEVEL: info
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: web-files
          labels:
            app: web
        data:
          app.properties: |
            feature.x=false
            timeout=30
        """;

    public static string Deployment(string image, string mode) => $"""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          labels:
            app: web
        spec:
          replicas: 2
          selector:
            matchLabels:
              app: web
          template:
            metadata:
              labels:
                app: web
            spec:
              containers:
              - name: web
                image: {image}
                ports:
                - containerPort: 8080
                  name: http
                envFrom:
                - configMapRef:
                    name: web-config
                env:
                - name: MODE
                  value: {mode}
                - name: LEVEL
                  valueFrom:
                    configMapKeyRef:
                      name: web-config
                      key: LOG_LEVEL
                resources:
                  requests:
                    cpu: 100m
                    memory: 128Mi
                  limits:
                    cpu: 500m
                    memory: 256Mi
                readinessProbe:
                  httpGet:
                    path: /healthz
                    port: http
                  periodSeconds: 5
                livenessProbe:
                  httpGet:
                    path: /healthz
                    port: http
                volumeMounts:
                - name: files
                  mountPath: /etc/web
              volumes:
              - name: files
                configMap:
                  name: web-files
        """;

    public const string Service = """
        apiVersion: v1
        kind: Service
        metadata:
          name: web
          labels:
            app: web
        spec:
          selector:
            app: web
          ports:
          - name: http
            port: 80
            targetPort: http
        ---
        apiVersion: autoscaling/v2
        kind: HorizontalPodAutoscaler
        metadata:
          name: web
        spec:
          scaleTargetRef:
            apiVersion: apps/v1
            kind: Deployment
            name: web
          minReplicas: 2
          maxReplicas: 10
          metrics:
          - type: Resource
            resource:
              name: cpu
              target:
                type: Utilization
                averageUtilization: 70
        ---
        apiVersion: policy/v1
        kind: PodDisruptionBudget
        metadata:
          name: web
        spec:
          minAvailable: 1
          selector:
            matchLabels:
              app: web
        """;

    public const string GatewayApi = """
        apiVersion: gateway.networking.k8s.io/v1
        kind: Gateway
        metadata:
          name: shop-gateway
        spec:
          gatewayClassName: example
          listeners:
          - name: http
            protocol: HTTP
            port: 80
        ---
        apiVersion: gateway.networking.k8s.io/v1
        kind: HTTPRoute
        metadata:
          name: web
        spec:
          parentRefs:
          - name: shop-gateway
          hostnames:
          - web.example.com
          rules:
          - matches:
            - path:
                type: PathPrefix
                value: /
            backendRefs:
            - name: web
              port: 80
        """;

    public const string NginxIngress = """
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata:
          name: web
          annotations:
            nginx.ingress.kubernetes.io/proxy-body-size: 8m
            nginx.ingress.kubernetes.io/ssl-redirect: "false"
        spec:
          ingressClassName: nginx
          rules:
          - host: web.example.com
            http:
              paths:
              - path: /
                pathType: Prefix
                backend:
                  service:
                    name: web
                    port:
                      number: 80
        """;
}
