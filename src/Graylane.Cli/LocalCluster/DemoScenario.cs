namespace Graylane.Cli.LocalCluster;

/// <summary>One demo story: the app to seed, the service to sample, and the steps with the requests to show after each.</summary>
/// <param name="Gateway">When set, samples enter through this ingress gateway with Service as the external host (lanes).</param>
/// <param name="DevGateway">When set, samples with extra headers enter through this gateway (a developer's lane).</param>
/// <param name="Namespace">The app's namespace (the seed's own where its manifests name one); the demo namespace otherwise.</param>
/// <param name="Files">Files the steps read (e.g. manifests), written to the demo's directory; "{dir}" in a step's arguments is that directory.</param>
/// <param name="Ingress">When set, samples enter through the ingress-nginx controller serving this Ingress with Service as the host.</param>
/// <param name="ShowEnv">When set, each sampled hop shows this environment variable as its pod sees it (a config release made visible).</param>
/// <param name="TrafficRps">When set, that many requests a second flow to Service through the whole demo (as `graylane sandbox traffic` sends), counted in the metrics the gates read.</param>
internal sealed record DemoScenario(string Name, string Title, string Yaml, string Baseline, string Service, int Samples, IReadOnlyList<DemoStep> Steps,
    string? Gateway = null, string? DevGateway = null, string Namespace = DemoApp.Namespace,
    IReadOnlyDictionary<string, string>? Files = null, string? ShowEnv = null, string? Ingress = null, double? TrafficRps = null);

/// <summary>A step of the demo as a user would type it, and extra request headers to sample afterwards (e.g. a tester's header).</summary>
/// <param name="ExpectedExit">The exit code the step is meant to end with (1: a release the step itself rolls back).</param>
/// <param name="Annotate">When set, the step is `kubectl annotate` (Args without "kubectl"), done through the API as kubectl does it.</param>
internal sealed record DemoStep(string Title, string[] Args, IReadOnlyDictionary<string, string>? SampleHeaders = null, int ExpectedExit = 0,
    DemoAnnotation? Annotate = null)
{
    /// <summary>In a step's arguments: the local cluster's own Prometheus API (LocalClusterServer.PrometheusUrl).</summary>
    public const string PrometheusUrl = "{prometheus}";
}

/// <summary>An annotation set on the pods a label selector picks (a fault annotation such as graylane.io/error-rate).</summary>
internal sealed record DemoAnnotation(string Selector, string Key, string Value);
