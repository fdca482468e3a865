using System.Text.Json.Nodes;
using Graylane.Core.Manifests;

namespace Graylane.Tests.Manifests;

/// <summary>
/// An app labelled the way users label theirs (k8s-deploy's own example): Deployment and Service select app: web only,
/// no version label anywhere, config in a ConfigMap and a Secret, an HPA on the Deployment.
/// </summary>
public static class WebApp
{
    public const string Yaml = """
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
                  image: registry.example.com/shop/web:1.0
                  env:
                    - name: GREETING
                      valueFrom:
                        configMapKeyRef:
                          name: web-config
                          key: greeting
                    - name: API_KEY
                      valueFrom:
                        secretKeyRef:
                          name: web-secret
                          key: api-key
                  envFrom:
                    - configMapRef:
                        name: web-env
                  resources:
                    requests:
                      cpu: 100m
                      memory: 64Mi
                  volumeMounts:
                    - name: settings
                      mountPath: /etc/web
              volumes:
                - name: settings
                  configMap:
                    name: web-files
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: web
        spec:
          selector:
            app: web
          ports:
            - port: 80
              targetPort: 8080
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: web-config
        data:
          greeting: hello-v1
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: web-env
        data:
          MODE: blue
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: web-files
        data:
          app.conf: |
            level=info
        ---
        apiVersion: v1
        kind: Secret
        metadata:
          name: web-secret
        type: Opaque
        stringData:
          api-key: s3cr3t-v1
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
        """;

    /// <summary>The app without its HPA, for clusters that do not serve autoscaling.</summary>
    public static string WithoutAutoscaler => string.Join("---\n", Yaml.Split("---\n").Where(d => !d.Contains("kind: HorizontalPodAutoscaler")));

    public static ManifestSet Set(string yaml = Yaml, string ns = "shop") => ManifestSet.Create(ManifestLoader.Parse("k8s/web.yaml", yaml), ns);

    /// <summary>The manifests as a live cluster holds them after kubectl apply: namespace, uid, resourceVersion, status and server defaults added.</summary>
    public static List<JsonObject> Live(string yaml = Yaml, string ns = "shop")
    {
        var result = new List<JsonObject>();
        var n = 0;
        foreach (var o in ManifestLoader.Parse("live.yaml", yaml))
        {
            var live = (JsonObject)o.Object.DeepClone();
            var meta = live["metadata"]!.AsObject();
            meta["namespace"] = ns;
            meta["uid"] = $"uid-{++n}";
            meta["resourceVersion"] = $"{100 + n}";
            meta["creationTimestamp"] = "2026-01-01T00:00:00Z";
            if (o.IsSecret && live["stringData"] is JsonObject sd)
            {
                var data = new JsonObject();
                foreach (var (k, v) in sd) data[k] = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(v!.ToString()));
                live.Remove("stringData");
                live["data"] = data;
            }
            if (o.IsDeployment)
            {
                var spec = live["spec"]!.AsObject();
                spec["revisionHistoryLimit"] = 10;
                spec["progressDeadlineSeconds"] = 600;
                spec["strategy"] = JsonNode.Parse("""{"type":"RollingUpdate","rollingUpdate":{"maxSurge":"25%","maxUnavailable":"25%"}}""");
                var pod = spec["template"]!["spec"]!.AsObject();
                pod["restartPolicy"] = "Always";
                pod["dnsPolicy"] = "ClusterFirst";
                pod["terminationGracePeriodSeconds"] = 30;
                pod["securityContext"] = new JsonObject();
                pod["schedulerName"] = "default-scheduler";
                foreach (var c in pod["containers"]!.AsArray())
                {
                    c!["imagePullPolicy"] = "IfNotPresent";
                    c["terminationMessagePath"] = "/dev/termination-log";
                    c["terminationMessagePolicy"] = "File";
                }
                foreach (var v in pod["volumes"]?.AsArray() ?? [])
                    if (v!["configMap"] is JsonObject cm) cm["defaultMode"] = 420;
                live["status"] = JsonNode.Parse("""{"replicas":2,"readyReplicas":2}""");
            }
            if (o.Is("", "Service"))
            {
                live["spec"]!["clusterIP"] = "10.0.0.12";
                live["spec"]!["clusterIPs"] = new JsonArray("10.0.0.12");
                live["spec"]!["type"] = "ClusterIP";
                live["spec"]!["sessionAffinity"] = "None";
                live["spec"]!["ports"]![0]!["protocol"] = "TCP";
            }
            result.Add(live);
        }
        return result;
    }

    public static ManifestLiveState State(IReadOnlyList<JsonObject> live) => new(
        live.Where(o => (string?)o["kind"] == "Deployment").ToList(),
        live.Where(o => (string?)o["kind"] == "Service").ToList(),
        live.Where(o => (string?)o["kind"] == "HorizontalPodAutoscaler").ToList(),
        m => live.FirstOrDefault(o => (string?)o["kind"] == m.Kind && (string?)o["metadata"]?["name"] == m.Name));

    public static ManifestReleaseSettings Settings(string version = "v2", int? replicas = null) => new("web", "shop", "version", version, replicas);
}
