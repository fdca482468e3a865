using Graylane.Core.Hosting;

namespace Graylane.Engine.Steps;

/// <summary>Inputs every step takes: where the cluster is and which release to act on.</summary>
public static class CommonInputs
{
    public static readonly StepInput Kubeconfig = new("kubeconfig",
        "Path to a kubeconfig file, or the file's content (e.g. from a secret). Default: $KUBECONFIG, then ~/.kube/config, then the in-cluster service account. " +
        "The tokens, keys and passwords inside it are masked in every log.");
    public static readonly StepInput Context = new("context", "The kubeconfig context to use. Default: the current context.");
    public static readonly StepInput Namespace = new("namespace", "Namespace of the app. Default: the context's namespace, else default.");
    public static readonly StepInput App = new("app",
        "Name of the release (one per app and namespace). Default: the Service name, else the workload name. Later steps find the release by --app and --namespace.");
    public static readonly StepInput Router = new("router", "How traffic is split: service (Service selector switch, 0/100), istio (VirtualService weights and matches), lanes or asm-lanes (end-to-end lanes), gateway-api (HTTPRoute backendRef weights), nginx (ingress-nginx canary Ingress), replicas (pod ratio behind one Service).", Default: "service");
    public static readonly StepInput Timeout = new("timeout", "How long to wait for workloads to become ready (e.g. 90s, 10m).", Default: "10m");

    public static readonly StepInput LockWait = new("lock-wait",
        "How long to wait while another step of the same release holds it (e.g. 30s, 5m) before failing with the holder's name.", Default: "30s");

    public static IReadOnlyList<StepInput> Connection { get; } = [Kubeconfig, Context, Namespace];
}
