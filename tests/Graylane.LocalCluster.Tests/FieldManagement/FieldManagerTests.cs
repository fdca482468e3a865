using System.Text.Json.Nodes;
using Graylane.LocalCluster.FieldManagement;
using Graylane.LocalCluster.Storage;

namespace Graylane.LocalCluster.Tests.FieldManagement;

/// <summary>Field ownership, conflicts and pruning as structured-merge-diff does them, without a server.</summary>
public sealed class FieldManagerTests
{
    private static readonly ServedResource Deployments = new ResourceRegistry().Find("apps", "v1", "deployments")!;
    private static readonly SmdType Type = SmdType.ForKind(Deployments);

    private static FieldManager Manager(string time = "2025-01-01T00:00:00Z") => new(Type, "apps/v1", "", hasStatus: true, time);

    private static JsonObject Config(int replicas = 2, string image = "nginx:1.27", string extra = "") => (JsonObject)JsonNode.Parse(
        "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"web\",\"namespace\":\"default\",\"labels\":{\"app\":\"web\"}}," +
        $"\"spec\":{{\"replicas\":{replicas},\"selector\":{{\"matchLabels\":{{\"app\":\"web\"}}}}," +
        "\"template\":{\"metadata\":{\"labels\":{\"app\":\"web\"}}," +
        $"\"spec\":{{\"containers\":[{{\"name\":\"nginx\",\"image\":\"{image}\",\"ports\":[{{\"containerPort\":80}}]}}{extra}]}}}}}}}}")!;

    private static JsonObject Entry(JsonObject obj, string manager) =>
        obj["metadata"]!["managedFields"]!.AsArray().OfType<JsonObject>().Single(e => (string?)e["manager"] == manager);

    [Fact]
    public void An_apply_owns_exactly_the_fields_it_sets_in_the_servers_fieldsV1_format()
    {
        var created = Manager().Apply(null, Config(), "kubectl", force: false);

        var entry = Entry(created, "kubectl");
        Assert.Equal("Apply", (string?)entry["operation"]);
        Assert.Equal("apps/v1", (string?)entry["apiVersion"]);
        Assert.Equal("2025-01-01T00:00:00Z", (string?)entry["time"]);
        Assert.Equal("FieldsV1", (string?)entry["fieldsType"]);
        var expected = JsonNode.Parse("""
            {"f:metadata":{"f:labels":{"f:app":{}}},
             "f:spec":{"f:replicas":{},"f:selector":{},
              "f:template":{"f:metadata":{"f:labels":{"f:app":{}}},
               "f:spec":{"f:containers":{"k:{\"name\":\"nginx\"}":{".":{},"f:image":{},"f:name":{},
                 "f:ports":{"k:{\"containerPort\":80,\"protocol\":\"TCP\"}":{".":{},"f:containerPort":{}}}}}}}}}
            """);
        Assert.True(JsonNode.DeepEquals(expected, entry["fieldsV1"]), entry["fieldsV1"]!.ToJsonString());
    }

    [Fact]
    public void A_field_another_manager_owns_conflicts_with_the_servers_message()
    {
        var live = Manager().Update(null, Config(replicas: 2), "kubectl-client-side-apply");

        var e = Assert.Throws<ApplyConflictException>(() => Manager().Apply(live, Config(replicas: 3), "ci", force: false));

        Assert.Equal("Apply failed with 1 conflict: conflict with \"kubectl-client-side-apply\" using apps/v1: .spec.replicas", e.Message);
        var cause = Assert.Single(e.Causes());
        Assert.Equal("FieldManagerConflict", (string?)cause!["reason"]);
        Assert.Equal(".spec.replicas", (string?)cause["field"]);
    }

    [Fact]
    public void Several_conflicts_are_listed_per_manager()
    {
        var live = Manager().Update(null, Config(replicas: 2), "kubectl-client-side-apply");

        var e = Assert.Throws<ApplyConflictException>(() => Manager().Apply(live, Config(replicas: 3, image: "nginx:1.28"), "ci", force: false));

        Assert.Equal("Apply failed with 2 conflicts: conflicts with \"kubectl-client-side-apply\" using apps/v1:\n- .spec.replicas\n" +
                     "- .spec.template.spec.containers[name=\"nginx\"].image", e.Message);
    }

    [Fact]
    public void The_same_value_is_shared_and_force_takes_the_field()
    {
        var live = Manager().Update(null, Config(replicas: 2), "kubectl-client-side-apply");

        var shared = Manager().Apply(live, Config(replicas: 2), "ci", force: false);
        Assert.NotNull(Entry(shared, "ci")["fieldsV1"]!["f:spec"]!["f:replicas"]);
        Assert.NotNull(Entry(shared, "kubectl-client-side-apply")["fieldsV1"]!["f:spec"]!["f:replicas"]);

        var forced = Manager().Apply(shared, Config(replicas: 5), "ci", force: true);
        Assert.Equal(5, (int?)forced["spec"]!["replicas"]);
        Assert.NotNull(Entry(forced, "ci")["fieldsV1"]!["f:spec"]!["f:replicas"]);
        Assert.Null(Entry(forced, "kubectl-client-side-apply")["fieldsV1"]!["f:spec"]!["f:replicas"]);
    }

    [Fact]
    public void Applying_the_same_configuration_twice_changes_nothing()
    {
        var first = Manager("2025-01-01T00:00:00Z").Apply(null, Config(), "kubectl", force: false);

        var second = Manager("2025-06-01T00:00:00Z").Apply(first, Config(), "kubectl", force: false);

        Assert.True(JsonNode.DeepEquals(first, second), second.ToJsonString());
    }

    [Fact]
    public void A_field_dropped_from_the_configuration_is_removed_unless_another_manager_owns_it()
    {
        var applied = Manager().Apply(null, Config(extra: """,{"name":"log","image":"busybox"}"""), "kubectl", force: false);
        var config = Config();
        ((JsonObject)config["metadata"]!["labels"]!)["tier"] = "front";
        applied = Manager().Apply(applied, config, "kubectl", force: false);
        Assert.Equal("front", (string?)applied["metadata"]!["labels"]!["tier"]);

        // Another manager takes the label; the applier drops it, the log container and replicas.
        var relabelled = (JsonObject)applied.DeepClone();
        relabelled["metadata"]!["labels"]!["tier"] = "back";
        var owned = Manager().Update(applied, relabelled, "labeller");
        var dropped = Config();
        ((JsonObject)dropped["spec"]!).Remove("replicas");
        var result = Manager().Apply(owned, dropped, "kubectl", force: false);

        Assert.Equal("back", (string?)result["metadata"]!["labels"]!["tier"]);
        Assert.Null(result["spec"]!["replicas"]);
        Assert.Equal(["nginx"], result["spec"]!["template"]!["spec"]!["containers"]!.AsArray().Select(c => (string?)c!["name"]));
    }

    [Fact]
    public void An_update_takes_the_fields_it_changes_from_their_owner()
    {
        var applied = Manager().Apply(null, Config(), "kubectl", force: false);
        var edited = (JsonObject)applied.DeepClone();
        edited["spec"]!["template"]!["spec"]!["containers"]![0]!["image"] = "nginx:1.28";

        var updated = Manager("2025-02-01T00:00:00Z").Update(applied, edited, "graylane");

        var mine = Entry(updated, "graylane");
        Assert.Equal("Update", (string?)mine["operation"]);
        Assert.Equal("2025-02-01T00:00:00Z", (string?)mine["time"]);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"f:spec":{"f:template":{"f:spec":{"f:containers":{"k:{\"name\":\"nginx\"}":{"f:image":{}}}}}}}"""),
            mine["fieldsV1"]), mine["fieldsV1"]!.ToJsonString());
        Assert.Null(Entry(updated, "kubectl")["fieldsV1"]!["f:spec"]!["f:template"]!["f:spec"]!["f:containers"]!["k:{\"name\":\"nginx\"}"]!["f:image"]);
        // Now the applier's old image conflicts with the updater.
        var e = Assert.Throws<ApplyConflictException>(() => Manager().Apply(updated, Config(), "kubectl", force: false));
        Assert.Contains("conflict with \"graylane\" using apps/v1: .spec.template.spec.containers[name=\"nginx\"].image", e.Message);
    }

    [Fact]
    public void Kubectl_moving_from_client_side_apply_takes_the_fields_it_applied_before()
    {
        var csa = Config(replicas: 2);
        csa["metadata"]!["annotations"] = new JsonObject { [FieldManager.LastApplied] = Config(replicas: 2).ToJsonString() };
        var live = Manager().Update(null, csa, "kubectl-client-side-apply");

        var result = Manager().Apply(live, Config(replicas: 3), "kubectl", force: false);

        Assert.Equal(3, (int?)result["spec"]!["replicas"]);
        Assert.Contains("\"replicas\":3", (string?)result["metadata"]!["annotations"]![FieldManager.LastApplied]);
        // Another manager name gets the conflict.
        Assert.Throws<ApplyConflictException>(() => Manager().Apply(live, Config(replicas: 3), "ci", force: false));
    }

    [Fact]
    public void A_configuration_with_an_undeclared_field_is_refused_as_the_server_refuses_it()
    {
        var config = Config();
        config["spec"]!["template"]!["spec"]!["containers"]![0]!["colour"] = "red";

        var e = Assert.Throws<TypedPatchException>(() => Manager().Apply(null, config, "kubectl", force: false));

        Assert.Equal(".spec.template.spec.containers[name=\"nginx\"].colour: field not declared in schema", e.Message);
    }

    [Fact]
    public void An_object_nobody_tracked_stays_untracked_on_update_and_its_fields_belong_to_before_first_apply()
    {
        var legacy = Config(replicas: 2);
        var edited = Config(replicas: 4);
        Assert.Null(Manager().Update(legacy, edited, "graylane")["metadata"]!["managedFields"]);

        var e = Assert.Throws<ApplyConflictException>(() => Manager().Apply(legacy, Config(replicas: 3), "ci", force: false));
        Assert.Equal("Apply failed with 1 conflict: conflict with \"before-first-apply\" using apps/v1: .spec.replicas", e.Message);
    }

    [Fact]
    public void Managed_fields_set_to_one_empty_entry_are_cleared()
    {
        var live = Manager().Update(null, Config(), "kubectl-create");
        var reset = (JsonObject)live.DeepClone();
        reset["metadata"]!["managedFields"] = new JsonArray(new JsonObject());

        Assert.Null(Manager().Update(live, reset, "kubectl-patch")["metadata"]!["managedFields"]);
    }

    [Fact]
    public void Status_writes_own_only_status_and_name_their_subresource()
    {
        var live = Manager().Update(null, Config(), "kubectl-create");
        var withStatus = (JsonObject)live.DeepClone();
        withStatus["status"] = new JsonObject { ["replicas"] = 2 };

        var result = new FieldManager(Type, "apps/v1", "status", hasStatus: true, "2025-01-01T00:00:00Z").Update(live, withStatus, "kube-controller-manager");

        var entry = Entry(result, "kube-controller-manager");
        Assert.Equal("status", (string?)entry["subresource"]);
        // DeploymentStatus is a struct the server's typed object always has, so only its fields are owned.
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"f:status":{"f:replicas":{}}}"""), entry["fieldsV1"]), entry["fieldsV1"]!.ToJsonString());
    }
}
