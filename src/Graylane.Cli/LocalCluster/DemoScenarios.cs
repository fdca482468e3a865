namespace Graylane.Cli.LocalCluster;

/// <summary>The stories `graylane demo --scenario` can tell, each from a seed article.</summary>
internal static class DemoScenarios
{
    public static IReadOnlyList<DemoScenario> All { get; } =
    [
        new("blue-green", "Scenario S4 (seed 003): Service blue-green — Service nginx-service -> Deployment nginx, version v1",
            DemoApp.Yaml, "nginx", DemoApp.Service, 20,
            [
                new("1. deploy-gray: start v2 next to v1, no traffic", ["deploy-gray", "--service", DemoApp.Service, "--image", "nginx:1.27", "--version", "v2", "--timeout", "60s"]),
                new("2. shift-traffic: all traffic to v2 (the Service selector switches at once)", ["shift-traffic", "--app", DemoApp.Service, "--weight", "100"]),
                new("3. promote: v2 becomes the baseline, v1 is scaled to 0", ["promote", "--app", DemoApp.Service]),
                new("4. deploy-gray: a second release, v3", ["deploy-gray", "--service", DemoApp.Service, "--image", "nginx:1.28", "--version", "v3", "--timeout", "60s"]),
                new("5. shift-traffic: all traffic to v3", ["shift-traffic", "--app", DemoApp.Service, "--weight", "100"]),
                new("6. promote: v3 becomes the baseline", ["promote", "--app", DemoApp.Service]),
                new("7. rollback after promote: v2 comes back exactly as it was", ["rollback", "--app", DemoApp.Service, "--reason", "v3 failed its smoke test"]),
                new("8. status", ["status", "--app", DemoApp.Service]),
            ]),
        new("istio-canary", "Scenario S2 (seed 001): Istio canary of bookinfo reviews v1 -> v2",
            DemoApp.ReviewsYaml, "reviews-v1", "reviews", 200,
            [
                new("1. deploy-gray: start reviews v2; Graylane creates the DestinationRule subsets and a VirtualService sending all traffic to v1",
                    ["deploy-gray", "--router", "istio", "--service", "reviews", "--image", "docker.io/istio/examples-bookinfo-reviews-v2:1.16.2", "--version", "v2", "--timeout", "60s"]),
                new("2. shift-traffic: 50/50", ["shift-traffic", "--app", "reviews", "--weight", "50"]),
                new("3. shift-traffic: back to 0%, but testers (header end-user: jason) always reach v2",
                    ["shift-traffic", "--app", "reviews", "--weight", "0", "--match", "header:end-user=jason"],
                    new Dictionary<string, string> { ["end-user"] = "jason" }),
                new("4. shift-traffic: take over all traffic — v1 stays up so traffic can go back at once", ["shift-traffic", "--app", "reviews", "--weight", "100"]),
                new("5. promote: v1 goes offline, Graylane's mesh objects are removed", ["promote", "--app", "reviews"]),
                new("6. status", ["status", "--app", "reviews"]),
            ]),
        new("manifests", "Release from manifests (issue 14): app web labelled app: web only, its greeting in ConfigMap web-config; v2 changes an env var, the greeting and the image",
            DemoManifestsApp.V1, "web", "web", 20,
            [
                new("1. deploy-gray: the gray is v2's pod template from the manifests; it reads the copy web-config-v2, v1 keeps reading web-config",
                    ["deploy-gray", "--manifests", "{dir}/web.yaml", "--images", DemoManifestsApp.Image + ":2.0", "--version", "v2", "--timeout", "60s"]),
                new("2. shift-traffic: all traffic to v2, which sees the new greeting", ["shift-traffic", "--app", "web", "--weight", "100"]),
                new("3. promote in place: Deployment web runs v2 under its own name; web-config holds the new greeting; web-v2 and web-config-v2 are gone",
                    ["promote", "--app", "web"]),
                new("4. deploy-gray again with the same manifests: nothing to release", ["deploy-gray", "--manifests", "{dir}/web.yaml", "--images", DemoManifestsApp.Image + ":2.0", "--version", "v3"]),
                new("5. rollback after promote: a copy of v1 takes the traffic while web and web-config are restored, then it goes", ["rollback", "--app", "web", "--reason", "v2 failed its smoke test"]),
                new("6. status", ["status", "--app", "web"]),
            ], Files: new Dictionary<string, string> { ["web.yaml"] = DemoManifestsApp.V2 }, ShowEnv: "GREETING"),
        new("replicas", "Canary by replica counts (issue 13): Service web selects app: web, in front of Deployment web (v1, 5 pods, an HPA on it); no mesh, no ingress controller",
            DemoReplicasApp.Yaml, "web", "web", 100,
            [
                new("1. deploy-gray: web-v2 starts with no pods (a ready pod would take traffic); its template is proven on a preview the Service does not select; the HPA on web is paused",
                    ["deploy-gray", "--router", "replicas", "--service", "web", "--image", DemoReplicasApp.Image + ":2.0", "--version", "v2", "--timeout", "60s"]),
                new("2. shift-traffic: 20% — 1 of the 5 pods runs v2 (it is ready before a v1 pod goes)", ["shift-traffic", "--app", "web", "--weight", "20"]),
                new("3. shift-traffic: 50% asked — 5 pods can only give 40% or 60%; the rounding is printed", ["shift-traffic", "--app", "web", "--weight", "50"]),
                new("4. shift-traffic: 10% with 10 pods in all (5 pods cannot come within 10 points of 10%)", ["shift-traffic", "--app", "web", "--weight", "10", "--replicas", "10"]),
                new("5. promote: every pod runs v2; web is scaled to 0; the HPA's settings come back", ["promote", "--app", "web"]),
                new("6. rollback after promote: web back to its 5 pods, web-v2 removed, the HPA exactly as it was", ["rollback", "--app", "web", "--reason", "v2 failed its smoke test"]),
                new("7. status", ["status", "--app", "web"]),
            ]),
        DemoProgressiveApp.Scenario,
        DemoEdgeApp.GatewayApi,
        DemoEdgeApp.Nginx,
        new("lanes", "Scenario S3 (seed 002): full-link gray with ASM lanes — mock = mocka -> mockb -> mockc, lane v1, dev lanes, v2 (mocka, mockc) then v3 (mockb)",
            DemoLanesApp.Yaml, "mocka-v1", DemoLanesApp.Host, 100, LaneSteps(), DemoLanesApp.Gateway, DemoLanesApp.DevGateway, DemoLanesApp.Namespace),
    ];

    private static string Image(string tag) => DemoLanesApp.Image.Replace("v0.1-java", tag, StringComparison.Ordinal);

    private static Dictionary<string, string> Dev(string developer) => new() { [$"{developer}-dev"] = "true" };

    private static DemoStep[] LaneSteps() =>
    [
        new("1. lane create: Alice's dev lane holds only mocka; everything else comes from the baselines",
            ["lane", "create", "--app", "mock", "--name", "dev-alice", "--services", $"mocka={Image("dev-alice")}", "--match", "header:alice-dev=true", "--gateway", DemoLanesApp.DevGateway, "--timeout", "60s"], Dev("alice")),
        new("2. lane create: Caros's lane holds only mockc; it enters through the baseline mocka and is still tagged dev-caros",
            ["lane", "create", "--app", "mock", "--name", "dev-caros", "--services", $"mockc={Image("dev-caros")}", "--match", "header:caros-dev=true", "--gateway", DemoLanesApp.DevGateway, "--timeout", "60s"], Dev("caros")),
        new("3. deploy-gray: lane v2 with mocka and mockc; mockb falls back to v1; the gateway stays on v1",
            ["deploy-gray", "--app", "mock", "--router", "asm-lanes", "--version", "v2", "--services", $"mocka={Image("v2")},mockc={Image("v2")}", "--gateway", DemoLanesApp.Gateway, "--timeout", "60s"]),
        new("4. shift-traffic: 20% of the gateway's traffic to lane v2 (tagged version: v2)", ["shift-traffic", "--app", "mock", "--weight", "20"]),
        new("5. shift-traffic: all traffic to lane v2", ["shift-traffic", "--app", "mock", "--weight", "100"]),
        new("6. promote: mocka and mockc's baselines become v2, they leave lane v1, mocka-v1 and mockc-v1 are deleted",
            ["promote", "--app", "mock"], Dev("alice")),
        new("7. lane create: Bob's dev lane for the next iteration holds only mockb",
            ["lane", "create", "--app", "mock", "--name", "dev-bob", "--services", $"mockb={Image("dev-bob")}", "--match", "header:bob-dev=true", "--gateway", DemoLanesApp.DevGateway, "--timeout", "60s"], Dev("bob")),
        new("8. deploy-gray: lane v3 with mockb only; the gateway enters through mocka v2",
            ["deploy-gray", "--app", "mock", "--router", "asm-lanes", "--version", "v3", "--services", $"mockb={Image("v3")}", "--timeout", "60s"]),
        new("9. shift-traffic: all traffic to lane v3", ["shift-traffic", "--app", "mock", "--weight", "100"]),
        new("10. promote: mockb's baseline becomes v3; lane v1 has no service left and is deleted with mockb-v1", ["promote", "--app", "mock"]),
        new("11. status", ["status", "--app", "mock"]),
    ];
}
