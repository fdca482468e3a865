using System.Text.Json.Nodes;

namespace Graylane.LocalCluster.Tests.Validation;

/// <summary>
/// apps/v1 and batch/v1 rules as the real server answers them: an immutable selector (422 naming spec.selector with the
/// new selector as JSON), the selector matching the template's labels, restart policies, a Job's generated selector.
/// </summary>
public sealed class WorkloadValidationTests
{
    private const string Deployment = """
        {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},
         "spec":{"selector":{"matchLabels":{"app":"web"}},
                 "template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"web","image":"nginx:1.27"}]}}}}
        """;

    [Fact]
    public async Task A_patch_that_changes_a_deployments_selector_is_422_field_is_immutable()
    {
        await using var c = await TestCluster.StartAsync();
        Assert.Equal(201, (await c.SendJsonAsync(HttpMethod.Post, "/apis/apps/v1/namespaces/default/deployments", Deployment)).Code);

        var (code, status) = await c.SendJsonAsync(HttpMethod.Patch, "/apis/apps/v1/namespaces/default/deployments/web",
            """{"spec":{"selector":{"matchLabels":{"app":"web","track":"stable"}},"template":{"metadata":{"labels":{"track":"stable"}}}}}""",
            "application/merge-patch+json");

        Assert.Equal(422, code);
        Assert.Equal("Invalid", (string?)status["reason"]);
        Assert.Equal("Deployment.apps \"web\" is invalid: spec.selector: Invalid value: {\"matchLabels\":{\"app\":\"web\",\"track\":\"stable\"}}: field is immutable",
            (string?)status["message"]);
        var cause = status["details"]!["causes"]!.AsArray().Single()!;
        Assert.Equal("FieldValueInvalid", (string?)cause["reason"]);
        Assert.Equal("spec.selector", (string?)cause["field"]);
        Assert.Equal("apps", (string?)status["details"]!["group"]);
        Assert.Equal("Deployment", (string?)status["details"]!["kind"]);
        Assert.Equal("web", (string?)c.Server.Get("apps/v1", "Deployment", "default", "web")!["spec"]!["selector"]!["matchLabels"]!.AsObject().Single().Value);

        // The same selector, written in another order, is no change; other fields still change.
        (code, _) = await c.SendJsonAsync(HttpMethod.Patch, "/apis/apps/v1/namespaces/default/deployments/web",
            """{"spec":{"replicas":3,"selector":{"matchLabels":{"app":"web"}}}}""", "application/merge-patch+json");
        Assert.Equal(200, code);
    }

    [Fact]
    public async Task A_selector_change_that_also_breaks_the_template_match_reports_both_in_the_servers_order()
    {
        await using var c = await TestCluster.StartAsync();
        await c.SendJsonAsync(HttpMethod.Post, "/apis/apps/v1/namespaces/default/replicasets", Deployment.Replace("\"Deployment\"", "\"ReplicaSet\""));

        var (code, status) = await c.SendJsonAsync(HttpMethod.Patch, "/apis/apps/v1/namespaces/default/replicasets/web",
            """{"spec":{"selector":{"matchLabels":{"app":"api"}}}}""", "application/merge-patch+json");

        Assert.Equal(422, code);
        Assert.Equal("ReplicaSet.apps \"web\" is invalid: [spec.template.metadata.labels: Invalid value: {\"app\":\"web\"}: `selector` does not match template `labels`, " +
                     "spec.selector: Invalid value: {\"matchLabels\":{\"app\":\"api\"}}: field is immutable]", (string?)status["message"]);
        Assert.Equal(["spec.template.metadata.labels", "spec.selector"], status["details"]!["causes"]!.AsArray().Select(x => (string)x!["field"]!));
    }

    [Fact]
    public async Task Workload_pods_must_restart_always_and_an_empty_selector_is_invalid()
    {
        await using var c = await TestCluster.StartAsync();
        var never = JsonNode.Parse(Deployment)!;
        never["spec"]!["template"]!["spec"]!["restartPolicy"] = "Never";
        var (code, status) = await c.SendJsonAsync(HttpMethod.Post, "/apis/apps/v1/namespaces/default/deployments", never.ToJsonString());
        Assert.Equal(422, code);
        Assert.Equal("Deployment.apps \"web\" is invalid: spec.template.spec.restartPolicy: Unsupported value: \"Never\": supported values: \"Always\"", (string?)status["message"]);

        var empty = JsonNode.Parse(Deployment)!;
        empty["spec"]!["selector"] = new JsonObject();
        (code, status) = await c.SendJsonAsync(HttpMethod.Post, "/apis/apps/v1/namespaces/default/deployments", empty.ToJsonString());
        Assert.Equal(422, code);
        Assert.Equal("Deployment.apps \"web\" is invalid: spec.selector: Invalid value: {}: empty selector is invalid for deployment", (string?)status["message"]);
    }

    [Fact]
    public async Task A_job_gets_its_generated_selector_and_its_selector_and_template_may_not_change()
    {
        await using var c = await TestCluster.StartAsync();
        var (code, job) = await c.SendJsonAsync(HttpMethod.Post, "/apis/batch/v1/namespaces/default/jobs", """
            {"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"once"},
             "spec":{"template":{"spec":{"restartPolicy":"Never","containers":[{"name":"c","image":"busybox:1.36"}]}}}}
            """);
        Assert.Equal(201, code);
        var uid = (string)job["metadata"]!["uid"]!;
        Assert.Equal($$$"""{"matchLabels":{"batch.kubernetes.io/controller-uid":"{{{uid}}}"}}""", job["spec"]!["selector"]!.ToJsonString());
        var labels = job["spec"]!["template"]!["metadata"]!["labels"]!;
        Assert.Equal(uid, (string?)labels["batch.kubernetes.io/controller-uid"]);
        Assert.Equal(uid, (string?)labels["controller-uid"]);
        Assert.Equal("once", (string?)labels["batch.kubernetes.io/job-name"]);
        Assert.Equal("once", (string?)labels["job-name"]);
        Assert.Equal(6, (int?)job["spec"]!["backoffLimit"]);
        Assert.Equal("NonIndexed", (string?)job["spec"]!["completionMode"]);
        Assert.Equal(1, (int?)job["spec"]!["completions"]);
        Assert.Equal(1, (int?)job["spec"]!["parallelism"]);

        (code, var status) = await c.SendJsonAsync(HttpMethod.Patch, "/apis/batch/v1/namespaces/default/jobs/once",
            """{"spec":{"template":{"spec":{"containers":[{"name":"c","image":"busybox:1.37"}]}}}}""", "application/strategic-merge-patch+json");
        Assert.Equal(422, code);
        Assert.StartsWith("Job.batch \"once\" is invalid: spec.template: Invalid value: ", (string?)status["message"]);
        Assert.EndsWith(": field is immutable", (string?)status["message"]);

        // A Job's pods may not restart Always (the pod default when restartPolicy is left out).
        (code, status) = await c.SendJsonAsync(HttpMethod.Post, "/apis/batch/v1/namespaces/default/jobs", """
            {"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"loop"},"spec":{"template":{"spec":{"containers":[{"name":"c","image":"busybox:1.36"}]}}}}
            """);
        Assert.Equal(422, code);
        Assert.Equal("Job.batch \"loop\" is invalid: spec.template.spec.restartPolicy: Unsupported value: \"Always\": supported values: \"OnFailure\", \"Never\"",
            (string?)status["message"]);
    }

    [Fact]
    public async Task A_server_dry_run_of_a_job_validates_and_stores_nothing()
    {
        await using var c = await TestCluster.StartAsync();
        var (code, job) = await c.SendJsonAsync(HttpMethod.Post, "/apis/batch/v1/namespaces/default/jobs?dryRun=All", """
            {"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"once"},
             "spec":{"template":{"spec":{"restartPolicy":"Never","containers":[{"name":"c","image":"busybox:1.36"}]}}}}
            """);
        Assert.Equal(201, code);
        Assert.Equal((string?)job["metadata"]!["uid"], (string?)job["spec"]!["selector"]!["matchLabels"]!["batch.kubernetes.io/controller-uid"]);
        Assert.Null(c.Server.Get("batch/v1", "Job", "default", "once"));
    }
}
