namespace Graylane.LocalCluster.Tests.Cel;

/// <summary>
/// Rules with oldSelf (transition rules) run on update only and only where the old object correlates; optionalOldSelf
/// rules run on create too; an unchanged value that breaks a tightened rule is ratcheted to a warning.
/// </summary>
public sealed class TransitionRuleTests
{
    private const string Merge = "application/merge-patch+json";

    [Fact]
    public async Task Immutable_field_is_accepted_on_create_and_refused_on_update()
    {
        await using var c = await TestCluster.StartAsync();
        await WidgetCrd.InstallAsync(c);
        var (code, body, _) = await WidgetCrd.SendAsync(c, HttpMethod.Post, WidgetCrd.Path, WidgetCrd.Widget("""{"owner":"a","replicas":3}"""));
        Assert.True(code == 201, body.ToJsonString());

        (code, body, _) = await WidgetCrd.SendAsync(c, HttpMethod.Patch, WidgetCrd.Path + "/web", """{"spec":{"owner":"b"}}""", Merge);
        Invalid.Has(code, body, "spec.owner", "Invalid value: \"string\": owner is immutable");

        (code, body, _) = await WidgetCrd.SendAsync(c, HttpMethod.Patch, WidgetCrd.Path + "/web", """{"spec":{"owner":"a","replicas":5}}""", Merge);
        Assert.True(code == 200, body.ToJsonString());
    }

    [Fact]
    public async Task Message_expression_names_both_values()
    {
        await using var c = await TestCluster.StartAsync();
        await WidgetCrd.InstallAsync(c);
        await WidgetCrd.SendAsync(c, HttpMethod.Post, WidgetCrd.Path, WidgetCrd.Widget("""{"replicas":3}"""));
        var (code, body, _) = await WidgetCrd.SendAsync(c, HttpMethod.Patch, WidgetCrd.Path + "/web", """{"spec":{"replicas":2}}""", Merge);
        Invalid.Has(code, body, "spec.replicas", "Invalid value: \"integer\": replicas may not shrink from 3 to 2");
    }

    [Fact]
    public async Task Map_list_items_correlate_by_key_and_new_items_have_no_old_self()
    {
        await using var c = await TestCluster.StartAsync();
        await WidgetCrd.InstallAsync(c);
        var (code, body, _) = await WidgetCrd.SendAsync(c, HttpMethod.Post, WidgetCrd.Path,
            WidgetCrd.Widget("""{"ports":[{"name":"http","port":80}],"tags":["a"]}"""));
        Assert.True(code == 201, body.ToJsonString());

        // A new item first, the old one moved: it is still found by its key.
        (code, body, _) = await WidgetCrd.SendAsync(c, HttpMethod.Patch, WidgetCrd.Path + "/web",
            """{"spec":{"ports":[{"name":"grpc","port":90},{"name":"http","port":81}]}}""", Merge);
        Invalid.Has(code, body, "spec.ports[1].port", "Invalid value: \"integer\": port is immutable");
        Assert.Single(Invalid.Causes(body));

        // Atomic lists do not correlate: their items' transition rules never run.
        (code, body, _) = await WidgetCrd.SendAsync(c, HttpMethod.Patch, WidgetCrd.Path + "/web",
            """{"spec":{"ports":[{"name":"grpc","port":90},{"name":"http","port":80}],"tags":["b"]}}""", Merge);
        Assert.True(code == 200, body.ToJsonString());
    }

    [Fact]
    public async Task Optional_old_self_rule_runs_on_create_with_an_empty_optional()
    {
        await using var c = await TestCluster.StartAsync();
        await WidgetCrd.InstallAsync(c);
        var (code, body, _) = await WidgetCrd.SendAsync(c, HttpMethod.Post, WidgetCrd.Path, WidgetCrd.Widget("""{"tier":"gold"}"""));
        Invalid.Has(code, body, "spec.tier", "Forbidden: gold can only be set on update");
        Assert.Equal("FieldValueForbidden", Invalid.Causes(body).Single().Reason);

        (code, _, _) = await WidgetCrd.SendAsync(c, HttpMethod.Post, WidgetCrd.Path, WidgetCrd.Widget("""{"tier":"silver"}"""));
        Assert.Equal(201, code);
        (code, body, _) = await WidgetCrd.SendAsync(c, HttpMethod.Patch, WidgetCrd.Path + "/web", """{"spec":{"tier":"gold"}}""", Merge);
        Assert.True(code == 200, body.ToJsonString());
    }

    [Fact]
    public async Task Unchanged_value_that_breaks_a_tightened_rule_passes_with_a_warning_a_changed_one_fails()
    {
        await using var c = await TestCluster.StartAsync();
        await WidgetCrd.InstallAsync(c, maxSize: 100);
        var (code, _, _) = await WidgetCrd.SendAsync(c, HttpMethod.Post, WidgetCrd.Path, WidgetCrd.Widget("""{"size":20,"replicas":1}"""));
        Assert.Equal(201, code);

        // The CRD tightens the rule; the stored object now breaks it.
        var (getCode, crd) = await c.SendJsonAsync(HttpMethod.Get, "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.cel.example.com");
        Assert.Equal(200, getCode);
        var tightened = System.Text.Json.Nodes.JsonNode.Parse(WidgetCrd.Definition(maxSize: 10))!.AsObject();
        tightened["metadata"] = crd["metadata"]!.DeepClone();
        var (putCode, putBody) = await c.SendJsonAsync(HttpMethod.Put, "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.cel.example.com",
            tightened.ToJsonString());
        Assert.True(putCode == 200, putBody.ToJsonString());

        var (code2, body, warnings) = await WidgetCrd.SendAsync(c, HttpMethod.Patch, WidgetCrd.Path + "/web", """{"spec":{"replicas":2}}""", Merge);
        Assert.True(code2 == 200, body.ToJsonString());
        Assert.Contains(warnings, w => w.Contains("spec.size: Invalid value: \\\"integer\\\": too big"));

        (code2, body, _) = await WidgetCrd.SendAsync(c, HttpMethod.Patch, WidgetCrd.Path + "/web", """{"spec":{"size":21}}""", Merge);
        Invalid.Has(code2, body, "spec.size", "Invalid value: \"integer\": too big");
    }

    [Fact]
    public async Task Root_rule_field_path_and_reason_are_reported_as_the_server_does()
    {
        await using var c = await TestCluster.StartAsync();
        await WidgetCrd.InstallAsync(c);
        var (code, body, _) = await WidgetCrd.SendAsync(c, HttpMethod.Post, WidgetCrd.Path, WidgetCrd.Widget("""{"limits":{"cpu":5}}""", name: "bad"));
        Invalid.Has(code, body, "<nil>", "Invalid value: \"object\": name must start with w");
        Invalid.Has(code, body, "spec.limits.cpu", "Forbidden: cpu at most 4");
        Assert.StartsWith("Widget.cel.example.com \"bad\" is invalid: [", (string?)body["message"]);
    }

    [Fact]
    public async Task Rule_using_a_function_the_local_cluster_lacks_is_answered_with_a_warning_not_passed_silently()
    {
        await using var c = await TestCluster.StartAsync();
        await WidgetCrd.InstallAsync(c);
        var (code, body, warnings) = await WidgetCrd.SendAsync(c, HttpMethod.Post, WidgetCrd.Path, WidgetCrd.Widget("""{"version":"one"}"""));
        Assert.True(code == 201, body.ToJsonString());
        var warning = Assert.Single(warnings);
        Assert.StartsWith("299 - \"spec.version: x-kubernetes-validations rule not evaluated by the local cluster", warning);
        Assert.Contains("isSemver", warning);
    }

    [Fact]
    public async Task Format_library_rule_reports_apimachinery_messages()
    {
        await using var c = await TestCluster.StartAsync();
        await WidgetCrd.InstallAsync(c);
        var (code, body, _) = await WidgetCrd.SendAsync(c, HttpMethod.Post, WidgetCrd.Path, WidgetCrd.Widget("""{"slug":"Not A Label"}"""));
        Invalid.Has(code, body, "spec.slug", "Invalid value: \"string\": slug must be a DNS label");
        (code, body, _) = await WidgetCrd.SendAsync(c, HttpMethod.Post, WidgetCrd.Path, WidgetCrd.Widget("""{"slug":"a-label"}"""));
        Assert.True(code == 201, body.ToJsonString());
    }

    [Fact]
    public async Task Crd_with_a_rule_that_does_not_compile_is_refused()
    {
        await using var c = await TestCluster.StartAsync();
        var crd = WidgetCrd.Definition().Replace("self.metadata.name.startsWith('w')", "self.metadata.name.startsWith('w'");
        var (code, body) = await c.SendJsonAsync(HttpMethod.Post, "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", crd);
        Assert.Equal(422, code);
        var cause = Invalid.Causes(body).Single();
        Assert.Equal("spec.versions[0].schema.openAPIV3Schema.x-kubernetes-validations[0].rule", cause.Field);
        Assert.Contains("compilation failed: Syntax error", cause.Message);
    }
}
