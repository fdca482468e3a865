using System.Text.Json.Nodes;
using Graylane.Cli;
using Graylane.Engine.Steps;
using Graylane.LocalCluster;
using Graylane.LocalCluster.Authorization;
using Graylane.LocalCluster.Routing;
using Graylane.Tests.Lanes;
using Graylane.Tests.Support;
using Graylane.Tests.Workflows;

namespace Graylane.Tests.Reliability;

/// <summary>
/// docs/rbac.yaml under enforcement: the local cluster in RBAC mode, the steps run as a ServiceAccount bound to the file's
/// roles and nothing else. Every step of every router succeeds with exactly those permissions; without any one rule some
/// step fails with that rule's 403; and every verb the file grants is used by some step. A router is one row of Scenarios.
/// </summary>
public class RbacEnforcementTests
{
    private const string Namespace = "default";
    private const string Account = "graylane";
    private static readonly string User = $"system:serviceaccount:{Namespace}:{Account}";

    /// <summary>Roles a release works without (the steps tolerate their 403): each must still be used when granted.</summary>
    private static readonly string[] OptionalRoles = ["graylane-namespace-check"];

    /// <summary>
    /// One release story per row: the app it seeds, the roles its identity is bound to, its steps in order, and what the
    /// cluster holds before the first step (set up as the admin, e.g. the expired lease of a killed run).
    /// </summary>
    public sealed record Scenario(string Name, Func<LocalClusterOptions, Task<ClusterFixture>> Start, string[] Roles, Step[] Steps,
        Func<ClusterFixture, Task>? Setup = null);

    /// <summary>A step, its inputs, and its exit code (1 for a release that fails as it should, e.g. a gray that cannot start).</summary>
    public sealed record Step(string Command, (string Name, string Value)[] Inputs, int Exit = 0)
    {
        public static implicit operator Step((string Command, (string Name, string Value)[] Inputs) s) => new(s.Command, s.Inputs);
    }

    public static readonly Scenario[] Scenarios =
    [
        new("service", o => ClusterFixture.StartAsync(SeedObjects.NginxYaml, "nginx", o),
            ["graylane-core", "graylane-service-router", "graylane-namespace-check"],
        [
            ("deploy-gray", [("service", "nginx-service"), ("image", "nginx:1.27"), ("version", "v2")]),
            ("shift-traffic", [("app", "nginx-service"), ("weight", "100")]),
            ("status", [("app", "nginx-service")]),
            ("promote", [("app", "nginx-service"), ("delete-old", "true")]),
            ("rollback", [("app", "nginx-service")]),
        ], Setup: c => c.Server.ApplyYamlAsync(ExpiredLease("graylane-nginx-service"))), // deploy-gray takes it over (update)
        new("service, found from the baseline Deployment", o => ClusterFixture.StartAsync(SeedObjects.NginxYaml, "nginx", o),
            ["graylane-core", "graylane-service-router", "graylane-namespace-check"],
        [
            ("deploy-gray", [("workload", "nginx"), ("image", "nginx:1.27"), ("version", "v2")]), // lists the Services to find it
            ("rollback", [("app", "nginx")]),
        ]),
        new("service, a gray that cannot start", o => ClusterFixture.StartAsync(SeedObjects.NginxYaml, "nginx", o),
            ["graylane-core", "graylane-service-router", "graylane-namespace-check"],
        [
            new("deploy-gray", [("service", "nginx-service"), ("image", "nginx:missing"), ("version", "v2"), ("timeout", "3s")], Exit: 1), // diagnosis lists pods and Events
        ], Setup: c =>
        {
            c.Server.Knobs.FailImagePull("nginx:missing");
            return Task.CompletedTask;
        }),
        new("service, app without version labels", o => ClusterFixture.StartAsync(Steps.UnlabelledAppTests.Web, "web", o),
            ["graylane-core", "graylane-service-router", "graylane-namespace-check"],
        [
            ("deploy-gray", [("service", "web"), ("image", "nginx:1.27"), ("version", "v2")]),
            ("shift-traffic", [("app", "web"), ("weight", "100")]),
            ("promote", [("app", "web")]),
            ("rollback", [("app", "web")]),
        ]),
        new("istio", o => ClusterFixture.StartAsync(Bookinfo.Reviews, "reviews-v1", o),
            ["graylane-core", "graylane-istio-router", "graylane-namespace-check"],
        [
            ("deploy-gray", [("service", "reviews"), ("router", "istio"), ("image", "istio/examples-bookinfo-reviews-v2:1.16.2"), ("version", "v2")]),
            ("shift-traffic", [("app", "reviews"), ("weight", "50"), ("match", "header:x-canary=true")]),
            ("status", [("app", "reviews")]),
            ("promote", [("app", "reviews")]),
            ("rollback", [("app", "reviews")]),
        ]),
        new("gateway-api", o => ClusterFixture.StartAsync(GatewayShop.Yaml, "web", o),
            ["graylane-core", "graylane-gateway-api-router", "graylane-namespace-check"],
        [
            ("deploy-gray", [("service", "web"), ("router", "gateway-api"), ("http-route", "web"), ("image", "registry.example.com/shop/web:2.0"), ("version", "v2")]),
            ("shift-traffic", [("app", "web"), ("weight", "50"), ("match", "header:x-canary=true"), ("mirror", "10")]),
            ("status", [("app", "web")]),
            ("promote", [("app", "web")]),
            ("rollback", [("app", "web")]),
        ]),
        new("gateway-api, route created on the Gateway", o => ClusterFixture.StartAsync(GatewayShop.Infra + "\n---\n" + GatewayShop.App, "web", o),
            ["graylane-core", "graylane-gateway-api-router", "graylane-gateway-api-gateway", "graylane-namespace-check"],
        [
            ("deploy-gray", [("service", "web"), ("router", "gateway-api"), ("gateway", GatewayShop.Gateway), ("image", "registry.example.com/shop/web:2.0"), ("version", "v2")]),
            ("shift-traffic", [("app", "web"), ("weight", "100")]),
            ("promote", [("app", "web"), ("delete-old", "true")]),
            ("rollback", [("app", "web")]),
        ]),
        // promote --move-routes: a second Service on the old version (moved by the move-routes Role; its Ingresses listed).
        new("istio, promote --move-routes", o => ClusterFixture.StartAsync(Bookinfo.Reviews + "\n---\n" + OldVersionService("reviews-v1", "reviews", 9080), "reviews-v1", o),
            ["graylane-core", "graylane-istio-router", "graylane-move-routes", "graylane-namespace-check"],
        [
            ("deploy-gray", [("service", "reviews"), ("router", "istio"), ("image", "istio/examples-bookinfo-reviews-v2:1.16.2"), ("version", "v2")]),
            ("promote", [("app", "reviews"), ("move-routes", "true")]),
        ]),
        // ... and a mesh route to the old version's subset beside a Service-router release (no Istio Role to move it).
        new("service, promote --move-routes", o => ClusterFixture.StartAsync(SeedObjects.NginxYaml + "\n---\n" + OldSubsetRoute, "nginx", o),
            ["graylane-core", "graylane-service-router", "graylane-move-routes", "graylane-namespace-check"],
        [
            ("deploy-gray", [("service", "nginx-service"), ("image", "nginx:1.27"), ("version", "v2")]),
            ("shift-traffic", [("app", "nginx-service"), ("weight", "100")]),
            ("promote", [("app", "nginx-service"), ("move-routes", "true")]),
        ]),
        new("replicas", o => ClusterFixture.StartAsync(Routing.Replicas.ReplicasSeed.Web + "\n---\n" + Routing.Replicas.ReplicasSeed.Autoscaler, "web", o),
            ["graylane-core", "graylane-replicas-router", "graylane-namespace-check"],
        [
            ("deploy-gray", Routing.Replicas.ReplicasSeed.Deploy),   // lists the HPAs, pauses the one on web (update)
            ("shift-traffic", [("app", "web"), ("weight", "40")]),    // reads it back for drift (get)
            ("status", [("app", "web")]),
            ("promote", [("app", "web")]),                            // puts it back
            ("rollback", [("app", "web")]),
        ]),
        new("nginx", o => ClusterFixture.StartAsync(NginxShop.Yaml, "web", o),
            ["graylane-core", "graylane-nginx-router", "graylane-namespace-check"],
        [
            ("deploy-gray", [("service", "web"), ("router", "nginx"), ("image", "registry.example.com/shop/web:2.0"), ("version", "v2")]),
            ("shift-traffic", [("app", "web"), ("weight", "50"), ("match", "header:x-canary=true")]),
            ("status", [("app", "web")]),
            ("promote", [("app", "web")]),
            ("rollback", [("app", "web")]),
        ]),
        // Releases from manifests: a change of config, Secret, HPA and PDB promoted in place and rolled back after it; a
        // first release (applied as the baseline) and its rollback; and an in-place promote through Istio.
        new("service, from manifests", o => ClusterFixture.StartAsync(ManifestReleaseFiles.V1, "web", o),
            ["graylane-core", "graylane-service-router", "graylane-manifests", "graylane-namespace-check"],
        [
            ("deploy-gray", [("manifests", ManifestReleaseFiles.V2File), ("version", "v2")]),   // config copies, the vault Secret, an HPA copy
            ("shift-traffic", [("app", "web"), ("weight", "100")]),
            ("status", [("app", "web")]),
            ("promote", [("app", "web")]),                                                      // config, HPA, PDB applied; copies deleted
            ("rollback", [("app", "web")]),                                                     // the reverse release; all restored
        ]),
        new("service, first release from manifests", o => ClusterFixture.StartAsync(null, "", o),
            ["graylane-core", "graylane-service-router", "graylane-manifests", "graylane-namespace-check"],
        [
            ("deploy-gray", [("manifests", ManifestReleaseFiles.V1File), ("version", "v1")]),   // creates every object
            ("status", [("app", "web")]),
            ("rollback", [("app", "web")]),                                                     // deletes them
        ]),
        new("istio, from manifests in place", o => ClusterFixture.StartAsync(Manifests.WebApp.WithoutAutoscaler + "---\n" + Manifests.IstioInPlaceTests.UnlabelledMesh, "web", o),
            ["graylane-core", "graylane-istio-router", "graylane-manifests", "graylane-namespace-check"],
        [
            ("deploy-gray", [("manifests", ManifestReleaseFiles.V2WithoutAutoscalerFile), ("version", "v2"), ("router", "istio")]),
            ("shift-traffic", [("app", "web"), ("weight", "100")]),
            ("promote", [("app", "web")]),
            ("rollback", [("app", "web")]),
        ]),
        Lanes("lanes", "graylane-lanes-router"),
        Lanes("asm-lanes", "graylane-asm-lanes-router"),
    ];

    private static Scenario Lanes(string router, string role) => new(router, StartMockAsync,
        ["graylane-core", role, "graylane-lanes-gateway", "graylane-namespace-check"],
    [
        ("deploy-gray", [("app", "mock"), ("router", router), ("version", "v2"), ("services", LaneRelease.Images("mocka,mockc", "v2")),
            ("app-services", "mocka,mockb,mockc"), ("gateway", MockApp.Gateway)]),
        ("shift-traffic", [("app", "mock"), ("weight", "20")]),
        ("status", [("app", "mock")]),
        ("promote", [("app", "mock")]),
        ("rollback", [("app", "mock")]),
        ("lane create", [("app", "mock"), ("router", router), ("name", "dev-alice"), ("services", $"mocka={MockApp.Image}"),
            ("match", "header:alice-dev=true"), ("gateway", MockApp.DevGateway)]),
        ("lane delete", [("app", "mock"), ("name", "dev-alice"), ("gateway", MockApp.DevGateway)]),
    ]);

    private static async Task<ClusterFixture> StartMockAsync(LocalClusterOptions options)
    {
        var c = await ClusterFixture.StartAsync(MockApp.V1, "mocka-v1", options);
        await c.WaitReadyAsync("mockb-v1");
        await c.WaitReadyAsync("mockc-v1");
        return c;
    }

    public static TheoryData<string> ScenarioNames() => new(Scenarios.Select(s => s.Name));

    [Theory]
    [MemberData(nameof(ScenarioNames))]
    public async Task Every_step_succeeds_with_only_the_files_permissions(string scenario)
    {
        var run = await RunAsync(Scenarios.Single(s => s.Name == scenario), Policy());
        Assert.True(run.Failure is null, run.Failure);
        Assert.Contains(run.Decisions, d => d.Allowed); // the steps really ran as the ServiceAccount
    }

    /// <summary>The file grants no verb that no step uses (all routers together), so it is not generous.</summary>
    [Fact]
    public async Task Every_verb_the_file_grants_is_used_by_some_step()
    {
        var used = new List<AuthorizationDecision>();
        foreach (var scenario in Scenarios)
        {
            var run = await RunAsync(scenario, Policy());
            Assert.True(run.Failure is null, run.Failure);
            used.AddRange(run.Decisions.Where(d => d.Allowed));
        }
        var unused = Policy().SelectMany(role => Rules(role).SelectMany(rule =>
                Strings(rule["apiGroups"]).SelectMany(g => Strings(rule["resources"]).SelectMany(r => Strings(rule["verbs"]).Select(v => (g, r, v))))
                    .Where(x => !used.Any(d => d.Attributes.ApiGroup == x.g && Combined(d.Attributes) == x.r && d.Attributes.Verb == x.v))
                    .Select(x => $"{Name(role)} grants {x.v} {x.r} (group \"{x.g}\")")))
            .ToList();
        Assert.True(unused.Count == 0, "no step uses: " + string.Join("; ", unused));
    }

    public static TheoryData<string, int> Rules()
    {
        var data = new TheoryData<string, int>();
        foreach (var role in Policy())
            for (var i = 0; i < Rules(role).Count; i++) data.Add(Name(role), i);
        return data;
    }

    /// <summary>Without any single rule, some step of a router that binds its role fails with that rule's 403.</summary>
    [Theory]
    [MemberData(nameof(Rules))]
    public async Task Without_any_one_rule_some_step_fails_with_its_403(string role, int index)
    {
        var policy = Policy();
        var rule = Rules(policy.Single(r => Name(r) == role))[index];
        var reduced = policy.Select(r => Name(r) == role ? Without(r, index) : r).ToList();
        var denials = Strings(rule["verbs"]).SelectMany(v => Strings(rule["resources"]).Select(res => $"cannot {v} resource \"{res}\"")).ToList();
        var tried = new List<string>();
        foreach (var scenario in Scenarios.Where(s => s.Roles.Contains(role)))
        {
            var run = await RunAsync(scenario, reduced);
            var denied = run.Decisions.Where(d => !d.Allowed && Strings(rule["verbs"]).Contains(d.Attributes.Verb)
                && Strings(rule["resources"]).Contains(Combined(d.Attributes)) && Strings(rule["apiGroups"]).Contains(d.Attributes.ApiGroup)).ToList();
            if (OptionalRoles.Contains(role))
            {
                // An optional rule: the steps still succeed, but they did ask and were refused.
                Assert.True(run.Failure is null, run.Failure);
                if (denied.Count > 0) return;
                tried.Add($"{scenario.Name}: never asked");
                continue;
            }
            if (run.Failure is not null && denials.Any(run.Failure.Contains))
            {
                Assert.NotEmpty(denied);
                Assert.Contains($"is forbidden: User \"{User}\"", run.Failure);
                return;
            }
            tried.Add($"{scenario.Name}: {run.Failure ?? "every step succeeded"}");
        }
        Assert.Fail($"{role} rule {index} ({rule.ToJsonString()}) is not needed:\n{string.Join("\n", tried)}");
    }

    private sealed record Run(string? Failure, IReadOnlyList<AuthorizationDecision> Decisions);

    /// <summary>Runs a scenario on a fresh RBAC cluster as the ServiceAccount bound to the roles; stops at the first failed step.</summary>
    private static async Task<Run> RunAsync(Scenario scenario, IReadOnlyList<JsonObject> policy)
    {
        await using var c = await scenario.Start(new LocalClusterOptions { Authorization = AuthorizationMode.Rbac });
        var yaml = new List<string> { $"apiVersion: v1\nkind: ServiceAccount\nmetadata: {{name: {Account}, namespace: {Namespace}}}" };
        foreach (var role in policy.Where(r => scenario.Roles.Contains(Name(r))))
        {
            yaml.Add(role.ToJsonString());
            yaml.Add(Binding(role).ToJsonString());
        }
        await c.Server.ApplyYamlAsync(string.Join("\n---\n", yaml), Namespace);
        if (scenario.Setup is not null) await scenario.Setup(c);
        var (token, _) = c.Server.Authorization.IssueToken(Namespace, Account);
        var kubeconfig = Path.Combine(Path.GetDirectoryName(c.Kubeconfig)!, "graylane-sa.kubeconfig");
        c.Server.WriteKubeconfig(kubeconfig, Namespace, token: token);
        c.Server.Authorization.ClearDecisions();

        foreach (var (command, inputs, exit) in scenario.Steps)
        {
            var values = inputs.ToDictionary(i => i.Name, i => i.Value);
            values["kubeconfig"] = kubeconfig;
            values.TryAdd("timeout", "20s");
            var host = new TestHost(values);
            var step = command.StartsWith("lane ", StringComparison.Ordinal) ? LaneCommand.Find(command[5..]) : StepCatalog.Find(command);
            var code = await StepRunner.RunAsync(step ?? throw new ArgumentException(command), host, new Dictionary<string, string>());
            // A step that fails as it should still fails for its own reason, not for a refused request.
            if (code != exit || host.Log.Contains(" is forbidden: ", StringComparison.Ordinal))
                return new Run($"{scenario.Name}: {command} exited {code}\n{host.Log}", Decisions(c));
        }
        return new Run(null, Decisions(c));
    }

    private static string OldVersionService(string name, string app, int port) => $$"""
        apiVersion: v1
        kind: Service
        metadata: {name: {{name}}, namespace: {{Namespace}}}
        spec:
          selector: {app: {{app}}, version: v1}
          ports: [{port: {{port}}}]
        """;

    private const string OldSubsetRoute = """
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: nginx-mesh, namespace: default}
        spec:
          hosts: [nginx-service]
          http:
            - name: pinned
              route: [{destination: {host: nginx-service, subset: v1}}]
        ---
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata: {name: nginx-mesh, namespace: default}
        spec:
          host: nginx-service
          subsets:
            - name: v1
              labels: {version: v1}
            - name: v2
              labels: {version: v2}
        """;

    private static string ExpiredLease(string name)
    {
        var renewed = DateTime.UtcNow.AddMinutes(-5).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", System.Globalization.CultureInfo.InvariantCulture);
        return $$"""
            apiVersion: coordination.k8s.io/v1
            kind: Lease
            metadata: {name: {{name}}, namespace: {{Namespace}}}
            spec: {holderIdentity: "deploy-gray by killed-run", leaseDurationSeconds: 60, acquireTime: "{{renewed}}", renewTime: "{{renewed}}"}
            """;
    }

    private static List<AuthorizationDecision> Decisions(ClusterFixture c) =>
        c.Server.Authorization.Decisions.Where(d => d.User == User).ToList();

    /// <summary>The Roles and ClusterRoles of docs/rbac.yaml (its bindings are examples; each scenario binds its own roles).</summary>
    private static List<JsonObject> Policy() =>
        YamlToJson.ParseAll(File.ReadAllText(RepositoryRoot.File("docs/rbac.yaml"))).OfType<JsonObject>()
            .Where(d => (string?)d["kind"] is "Role" or "ClusterRole").ToList();

    private static JsonObject Binding(JsonObject role)
    {
        var cluster = (string?)role["kind"] == "ClusterRole";
        var meta = new JsonObject { ["name"] = Name(role) };
        if (!cluster) meta["namespace"] = (string?)role["metadata"]!["namespace"] ?? Namespace;
        return new JsonObject
        {
            ["apiVersion"] = "rbac.authorization.k8s.io/v1",
            ["kind"] = cluster ? "ClusterRoleBinding" : "RoleBinding",
            ["metadata"] = meta,
            ["subjects"] = new JsonArray(new JsonObject { ["kind"] = "ServiceAccount", ["name"] = Account, ["namespace"] = Namespace }),
            ["roleRef"] = new JsonObject { ["apiGroup"] = "rbac.authorization.k8s.io", ["kind"] = (string?)role["kind"], ["name"] = Name(role) },
        };
    }

    private static JsonObject Without(JsonObject role, int index)
    {
        var copy = (JsonObject)role.DeepClone();
        copy["rules"]!.AsArray().RemoveAt(index);
        return copy;
    }

    private static string Name(JsonObject role) => (string)role["metadata"]!["name"]!;
    private static List<JsonObject> Rules(JsonObject role) => role["rules"]!.AsArray().OfType<JsonObject>().ToList();
    private static string Combined(RequestAttributes a) => a.Subresource.Length > 0 ? $"{a.Resource}/{a.Subresource}" : a.Resource;
    private static IEnumerable<string> Strings(JsonNode? node) => (node as JsonArray ?? []).Select(n => (string?)n ?? "");
}
