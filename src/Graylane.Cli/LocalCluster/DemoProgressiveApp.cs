namespace Graylane.Cli.LocalCluster;

/// <summary>
/// `graylane demo --scenario progressive` (issue 11): bookinfo's reviews on Istio with 100 requests a second flowing;
/// a good v2 walks 10 → 50 → 100 % on its own, each step analysed with the gate templates, which the local cluster's own
/// Prometheus API answers; then v3, made to answer 503 to 30% of its requests, is rolled back at its first step with the
/// failed gate's value printed.
/// </summary>
internal static class DemoProgressiveApp
{
    private const string Image = "docker.io/istio/examples-bookinfo-reviews-v2:1.16.2";

    /// <summary>--failure-limit 2: a step analysed before the gray's series have two samples is analysed once more.</summary>
    private static string[] Walk() =>
    [
        "shift-traffic", "--app", "reviews", "--steps", "10,50,100", "--step-interval", "3s", "--failure-limit", "2",
        "--gate", "success-rate:min=0.99", "--gate", "latency-p99:max=500ms", "--prometheus-url", DemoStep.PrometheusUrl,
    ];

    public static DemoScenario Scenario { get; } = new("progressive",
        "Progressive delivery (issue 11): bookinfo reviews v1 on Istio, 100 requests a second; shift-traffic --steps moves, waits, analyses and rolls back on its own",
        DemoApp.ReviewsYaml, "reviews-v1", "reviews", 200,
        [
            new("1. deploy-gray: start reviews v2, no traffic yet",
                ["deploy-gray", "--router", "istio", "--service", "reviews", "--image", Image, "--version", "v2", "--timeout", "60s"]),
            new("2. shift-traffic --steps: 10 → 50 → 100 %, each step analysed after 3s (pods, success rate, p99 latency); v2 is healthy", Walk()),
            new("3. promote: v2 becomes the baseline", ["promote", "--app", "reviews"]),
            new("4. deploy-gray: a third release, v3", ["deploy-gray", "--router", "istio", "--service", "reviews", "--image", Image.Replace("1.16.2", "1.17.0", StringComparison.Ordinal), "--version", "v3", "--timeout", "60s"]),
            new("5. make v3 bad: it answers 503 to 30% of its requests", ["annotate", "pod", "-l", "app=reviews,version=v3", "graylane.io/error-rate=0.3"],
                Annotate: new DemoAnnotation("app=reviews,version=v3", "graylane.io/error-rate", "0.3")),
            new("6. shift-traffic --steps again: the first step's analysis fails and v3 is rolled back on its own (the step exits 1)", Walk(), ExpectedExit: 1),
            new("7. status", ["status", "--app", "reviews"]),
        ], TrafficRps: 100);
}
