using Graylane.Engine.Steps;
using Graylane.Tests.Support;

namespace Graylane.Tests.Reliability;

/// <summary>
/// Every input of every release step (wait-approval has its own table in Approvals/) with wrong types, out-of-range values,
/// unknown names and injection attempts: a clear error naming the input, exit code 2, and zero writes to the cluster.
/// </summary>
public class BadInputTableTests
{
    private static readonly string LongName = new('a', 300);

    /// <summary>Values each input must refuse; inputs that take any text (reason excepted) are listed with what they refuse.</summary>
    private static readonly Dictionary<string, string[]> BadValues = new()
    {
        ["kubeconfig"] = ["/no/such/kubeconfig", "apiVersion: v1\nclusters: [oops"],
        ["context"] = ["no-such-context"],
        ["namespace"] = ["a\nb", "../etc", "$(rm -rf /)", "Bad_NS", LongName],
        ["app"] = ["a\nb", "../x", "$(whoami)", "UPPER", LongName],
        ["lock-wait"] = ["soon", "-1s"],
        ["service"] = ["a\nb", "../x", "$(whoami)", LongName],
        ["workload"] = ["a\nb", "../x", "$(whoami)", LongName],
        ["gray-workload"] = ["a\nb", "../x", "$(whoami)", LongName],
        ["image"] = ["Nginx:1", "nginx:bad tag", "$(curl evil)", "nginx\n::error::x", LongName],
        ["images"] = ["nginx", "=x:1", "a\nb=x:1", "nginx=$(x)"],
        ["version"] = ["v2/../x", "a\nb", "$(id)", "-v2", LongName],
        ["version-label"] = ["a\nb", "$(id)", "/version", LongName],
        ["replicas"] = ["many", "-1", "1e9"],
        ["virtual-service"] = ["a\nb", "../x", "$(id)", LongName],
        ["gateway"] = ["a\nb", "a/b/c", "$(id)"],
        ["host"] = ["a b", "a\nb", "$(id)"],
        ["route"] = ["a\nb", "$(id)", "a b"],
        ["canary-service"] = ["a\nb", "../x", "$(id)"],
        ["router"] = ["magic", "a\nb"],
        ["timeout"] = ["soon", "10x", "-5s"],
        ["keep-on-failure"] = ["maybe"],
        ["weight"] = ["150", "-1", "abc", "50%", "1.5"],
        ["match"] = ["header:x", "body:a=1", "header:a\nb=1", "header:x~(?=y)", "header:x~(unclosed"],
        ["clear-match"] = ["maybe"],
        ["mirror"] = ["lots", "101", "-3"],
        ["set-header"] = ["x-lane", "a b=c", "x=a\nb"],
        ["accept-drift"] = ["maybe"],
        ["scale-down-delay"] = ["later", "5 minutes"],
        ["delete-old"] = ["maybe"],
        ["move-routes"] = ["maybe"],
        ["reason"] = ["line one\n::error::forged", new string('r', 600)],
        ["services"] = ["mocka", "mocka=", "a\nb=x:1", "mocka=$(x)"],
        ["app-services"] = ["a\nb", "../x", "$(id)"],
        ["entry-service"] = ["a\nb", "../x", "$(id)"],
        ["route-header"] = ["a b", "a\nb", "$(id)"],
        ["trace-header"] = ["a b", "a\nb", "$(id)"],
        ["baselines"] = ["mocka", "a\nb=v1", "mocka=$(id)"],
        ["http-route"] = ["a\nb", "a/b/c", "$(id)", "../x", LongName],
        ["rule"] = ["a\nb", "Bad_Rule", "$(id)", LongName],
        ["ingress"] = ["a\nb", "../x", "$(id)", "shop/web", LongName],
        ["manifests"] = ["/no/such/file.yaml", "$(id)", "k8s/*.nope", " , "],
        ["promote-mode"] = ["sideways", "a\nb", "$(id)"],
        ["steps"] = ["0", "50,10", "abc", "5,101", "a\nb"],
        ["step-interval"] = ["soon", "500ms", "25h"],
        ["on-fail"] = ["ignore", "a\nb", "$(id)"],
        ["gate"] = ["error-rate:max=1", "webhook=ftp://x/y", "name=x;min=1", "success-rate:min=abc"],
        ["prometheus-url"] = ["not a url", "ftp://prometheus/", "$(id)"],
        ["prometheus-token"] = ["a\nb", "tok\r\nX-Injected: 1"],
        ["failure-limit"] = ["many", "-1", "0"],
    };

    /// <summary>Values only one router refuses (it can express less than the input's syntax allows).</summary>
    private static readonly Dictionary<(string Input, string Router), string[]> RouterBadValues = new()
    {
        // 5 pods cannot come within 10 points of 5%; a total of 0 pods splits nothing.
        [("weight", "replicas")] = ["5"],
        [("replicas", "replicas")] = ["0"],
    };

    /// <summary>
    /// A value each input accepts (the control run): once every bad value was refused, the same step with this value is
    /// run and must succeed, so each refusal above was about the value and not about the input being there at all
    /// (e.g. a lane-only input tried on the service router, which refuses any value).
    /// </summary>
    private static readonly Dictionary<string, string> GoodValues = new()
    {
        ["app"] = "nginx-service", ["context"] = "graylane-local", ["namespace"] = "default", ["lock-wait"] = "5s",
        ["workload"] = "nginx", ["images"] = "nginx=nginx:1.27", ["version-label"] = "version", ["replicas"] = "1",
        ["virtual-service"] = "reviews", ["host"] = "reviews", ["route"] = "primary", ["canary-service"] = "reviews-canary",
        ["router"] = "service", ["timeout"] = "30s", ["keep-on-failure"] = "true",
        ["weight"] = "100", ["match"] = "header:end-user=jason", ["clear-match"] = "true", ["mirror"] = "50", ["set-header"] = "x-lane=v2",
        ["accept-drift"] = "true", ["scale-down-delay"] = "0s", ["delete-old"] = "true", ["move-routes"] = "true", ["reason"] = "errors in checkout",
        ["app-services"] = "mocka,mockb,mockc", ["entry-service"] = "mocka", ["route-header"] = "x-lane", ["trace-header"] = "x-trace",
        ["baselines"] = "mockb=v1", ["promote-mode"] = "replace",
        ["steps"] = "100", ["step-interval"] = "1s", ["on-fail"] = "stop", ["prometheus-url"] = "http://prometheus.monitoring:9090",
        ["prometheus-token"] = "s3cret-token", ["failure-limit"] = "2",
    };

    /// <summary>Inputs without a control run, and why.</summary>
    private static readonly Dictionary<string, string> NoControl = new()
    {
        // The kubeconfig is always given (the fixture's); the bad ones replace it.
        ["kubeconfig"] = "the base already passes a good one",
        // S1: needs an existing gray Deployment; its good path is S1's own tests (rule-based gray).
        ["gray-workload"] = "needs an existing gray Deployment (tested end to end in the S1 example)",
        // Manifests replace --service/--image as the source of the release: their good paths are tests/Graylane.Tests/Manifests.
        ["manifests"] = "a release from manifests files (tested end to end in Manifests/)",
        // A gate needs a server to answer it: its good paths are Progressive/ProgressiveReleaseTests (fake Prometheus, webhook).
        ["gate"] = "needs a Prometheus or webhook server (tested end to end in Progressive/)",
    };

    /// <summary>shift-traffic's progressive inputs are tried on a one-step progressive shift (--steps 100, 1s: the control run waits a second).</summary>
    private static readonly string[] ProgressiveInputNames = ["steps", "step-interval", "on-fail", "gate", "prometheus-url", "prometheus-token", "failure-limit"];
    private static readonly (string, string)[] ProgressiveShift = [("app", "nginx-service"), ("steps", "100"), ("step-interval", "1s")];

    /// <summary>The release a step's input is tried on: the router the input applies to, on an app that router can release.</summary>
    private sealed record Base(string Name, Func<Task<ClusterFixture>> Start, (string, string)[] Deploy, Dictionary<string, (string, string)[]> Steps);

    private static readonly Base Service = new("service", () => ClusterFixture.StartAsync(),
        [("service", "nginx-service"), ("image", "nginx:1.27"), ("version", "v2")],
        new()
        {
            ["shift-traffic"] = [("app", "nginx-service"), ("weight", "100")],
            ["promote"] = [("app", "nginx-service")],
            ["rollback"] = [("app", "nginx-service")],
            ["status"] = [("app", "nginx-service")],
        });

    private const string ReviewsCanary = """
        apiVersion: v1
        kind: Service
        metadata: {name: reviews-canary, namespace: default}
        spec:
          selector: {app: reviews, version: v2}
          ports: [{port: 9080, name: http}]
        """;

    private static readonly Base Istio = new("istio",
        () => ClusterFixture.StartAsync(Bookinfo.Reviews + "\n---\n" + Bookinfo.UserIstio + "\n---\n" + ReviewsCanary, "reviews-v1"),
        [("service", "reviews"), ("router", "istio"), ("route", "primary"), ("image", "istio/examples-bookinfo-reviews-v2:1.16.2"), ("version", "v2")],
        new() { ["shift-traffic"] = [("app", "reviews"), ("weight", "20")] });

    private static readonly Base GatewayApi = new("gateway-api", () => ClusterFixture.StartAsync(GatewayShop.Yaml, "web"),
        [("service", "web"), ("router", "gateway-api"), ("http-route", "web"), ("image", "registry.example.com/shop/web:2.0"), ("version", "v2")],
        new() { ["shift-traffic"] = [("app", "web"), ("weight", "20")] });

    private static readonly Base Replicas = new("replicas", () => ClusterFixture.StartAsync(Routing.Replicas.ReplicasSeed.Web, "web"),
        Routing.Replicas.ReplicasSeed.Deploy,
        new() { ["shift-traffic"] = [("app", "web"), ("weight", "20")] });

    private static readonly Base Nginx = new("nginx", () => ClusterFixture.StartAsync(NginxShop.Yaml, "web"),
        [("service", "web"), ("router", "nginx"), ("image", "registry.example.com/shop/web:2.0"), ("version", "v2")],
        new() { ["shift-traffic"] = [("app", "web"), ("weight", "20")] });

    private static Base Lanes(string router) => new(router, Graylane.Tests.Lanes.MockApp.StartAsync,
        [("app", "mock"), ("router", router), ("version", "v2"), ("services", Graylane.Tests.Lanes.LaneRelease.Images("mocka", "v2")),
         ("app-services", "mocka,mockb,mockc"), ("gateway", Graylane.Tests.Lanes.MockApp.Gateway)],
        LaneSteps);

    /// <summary>
    /// The routers that read an input of a step: its bad values are tried on a release of each (mesh inputs on Istio, lane
    /// inputs on lanes, inputs every router reads on the service router and the lanes one, whose validation is its own).
    /// </summary>
    private static string[] RoutersFor(string step, string input) => (step, input) switch
    {
        ("deploy-gray", "trace-header") => ["asm-lanes"],
        ("deploy-gray", "services" or "app-services" or "entry-service" or "route-header" or "baselines") => ["lanes"],
        ("deploy-gray", "route") => ["istio"],
        ("deploy-gray", "canary-service") => ["istio", "gateway-api", "nginx"],
        ("deploy-gray", "ingress") => ["nginx"],
        ("deploy-gray", "http-route" or "rule") => ["gateway-api"],
        ("deploy-gray", "gateway") => ["istio", "lanes", "gateway-api"],
        ("deploy-gray", "host") => ["istio", "lanes", "gateway-api", "nginx"],
        ("deploy-gray", "virtual-service") => ["istio", "lanes"],
        ("deploy-gray", "replicas") => ["service", "lanes", "replicas"],
        ("deploy-gray", "version" or "timeout" or "version-label") => ["service", "lanes"],
        ("shift-traffic", "mirror" or "set-header") => ["istio", "gateway-api"],
        ("shift-traffic", "match" or "clear-match" or "accept-drift") => ["istio", "gateway-api", "nginx"],
        ("shift-traffic", "weight") => ["service", "istio", "lanes", "gateway-api", "replicas", "nginx"],
        ("shift-traffic", "replicas") => ["replicas"],
        _ => ["service"],
    };

    private static Base BaseOf(string router) => router switch
    {
        "service" => Service,
        "istio" => Istio,
        "gateway-api" => GatewayApi,
        "replicas" => Replicas,
        "nginx" => Nginx,
        _ => Lanes(router),
    };

    /// <summary>A good value that differs by router (the objects each base release has).</summary>
    private static string? GoodValue(string input, string router) => (input, router) switch
    {
        ("virtual-service", "lanes") => "graylane-mock-entry",
        ("host", "lanes") => "mock.example.com",
        ("gateway", "istio") => "mesh",   // the user's VirtualService binds no gateway: the mesh
        ("gateway", "gateway-api") => GatewayShop.Gateway,
        ("host", "gateway-api") => GatewayShop.Host,
        ("canary-service", "gateway-api") => "web-canary",
        ("rule", "gateway-api") => "main",
        ("replicas", "replicas") => "10",  // 20% of 10 pods
        ("host", "nginx") => NginxShop.Host,
        ("canary-service", "nginx") => "web-canary",
        ("ingress", "nginx") => "web",
        _ => GoodValues.GetValueOrDefault(input),
    };

    public static TheoryData<string, string, string> StepsAndInputs()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var step in StepCatalog.All.Where(s => Service.Steps.ContainsKey(s.Name) || s.Name == "deploy-gray"))
            foreach (var input in step.Inputs)
                foreach (var router in RoutersFor(step.Name, input.Name))
                    data.Add(step.Name, input.Name, router);
        return data;
    }

    [Theory]
    [MemberData(nameof(StepsAndInputs))]
    public async Task Every_bad_value_is_refused_naming_the_input_without_writes(string step, string input, string router)
    {
        Assert.True(BadValues.ContainsKey(input), $"the bad-input table has no values for --{input} of {step}: add them");
        var release = BaseOf(router);
        var baseInputs = step == "shift-traffic" && ProgressiveInputNames.Contains(input) ? ProgressiveShift : Given(release, step);
        var good = baseInputs.FirstOrDefault(i => i.Item1 == input).Item2 ?? GoodValue(input, router);
        Assert.True(good is not null || NoControl.ContainsKey(input), $"the bad-input table has no good value of --{input} for the control run: add one");
        await using var c = await release.Start();
        if (step != "deploy-gray")
            Assert.Equal(0, (await c.RunAsync("deploy-gray", release.Deploy)).Code);

        foreach (var bad in BadValues[input].Concat(RouterBadValues.GetValueOrDefault((input, router), [])))
        {
            var inputs = baseInputs.Where(i => i.Item1 != input && !(input is "image" or "images" && i.Item1 is "image")).ToList();
            inputs.Add((input, bad));
            var writes = await c.WritesAsync();
            var (code, host) = await c.RunAsync(step, [.. inputs]);
            Assert.True(code == 2, $"{step} --{input} \"{bad.Replace("\n", "\\n")}\" ({release.Name} router): exit {code}\n{host.Log}");
            var error = Assert.Single(host.Errors);
            Assert.True(error.Contains($"--{input}") || error.Contains($"\"{input}\"") || error.Contains($"{input} ") || input is "kubeconfig" or "context",
                $"{step} --{input}: the error does not name the input: {error}");
            Assert.DoesNotContain("\n", error);
            Assert.Equal(writes, await c.WritesAsync());
        }

        // The control: the same step with a value the input accepts goes through.
        if (good is not null)
        {
            var control = baseInputs.Where(i => i.Item1 != input && !(input is "images" && i.Item1 is "image")).Append((input, good)).ToArray();
            var (controlCode, controlHost) = await c.RunAsync(step, control);
            Assert.True(controlCode == 0,
                $"control: {step} --{input} \"{good}\" ({release.Name} router) was refused, so the refusals above prove nothing: exit {controlCode}\n{controlHost.Log}");
        }
    }

    private static (string, string)[] Given(Base release, string step) =>
        step == "deploy-gray" ? release.Deploy : release.Steps[step];

    private static readonly Dictionary<string, (string, string)[]> LaneSteps = new()
    {
        ["shift-traffic"] = [("app", "mock"), ("weight", "20")],
    };
}
