using System.Text.Json.Nodes;
using Graylane.Core.Json;
using Graylane.Core.Manifests;
using Graylane.Tests.Support;

namespace Graylane.Tests.Manifests;

public class AppliedObjectTests
{
    private static JsonObject Wanted(string json) => LastApplied.Annotated(J.O(json), "shop");

    [Fact]
    public void Server_assigned_fields_stay_and_the_manifest_wins_where_it_speaks()
    {
        var live = J.O("{'apiVersion':'v1','kind':'Service','metadata':{'name':'web','namespace':'shop','uid':'u','resourceVersion':'9','labels':{'added-by':'someone'}}," +
                       "'spec':{'type':'NodePort','clusterIP':'10.0.0.1','clusterIPs':['10.0.0.1'],'selector':{'app':'web','version':'v1'},'ports':[{'port':80,'targetPort':8080,'nodePort':30080,'protocol':'TCP'}]}}");
        var merged = AppliedObject.Merge(live, Wanted("{'apiVersion':'v1','kind':'Service','metadata':{'name':'web'},'spec':{'type':'NodePort','selector':{'app':'web'},'ports':[{'port':80,'targetPort':9090}]}}"));
        Assert.Equal("10.0.0.1", (string?)merged["spec"]!["clusterIP"]);
        Assert.Equal(30080, Obj.Int(merged["spec"]!["ports"]![0]!["nodePort"]));
        Assert.Equal(9090, Obj.Int(merged["spec"]!["ports"]![0]!["targetPort"]));
        Assert.Equal("9", Obj.ResourceVersion(merged));
        Assert.Equal("someone", (string?)merged["metadata"]!["labels"]!["added-by"]);
        // No previous apply: a selector key only the live object has is kept, as kubectl apply keeps it.
        Assert.Equal("v1", (string?)merged["spec"]!["selector"]!["version"]);
    }

    [Fact]
    public void A_field_the_previous_apply_set_and_the_manifest_dropped_is_removed()
    {
        var before = Wanted("{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'c','labels':{'tier':'front','team':'web'}},'data':{'a':'1'}}");
        var live = (JsonObject)before.DeepClone();
        live["metadata"]!["resourceVersion"] = "3";
        var merged = AppliedObject.Merge(live, Wanted("{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'c','labels':{'team':'web'}},'data':{'a':'2'}}"));
        Assert.Null(merged["metadata"]!["labels"]!["tier"]);
        Assert.Equal("2", (string?)merged["data"]!["a"]);
    }

    [Fact]
    public void Replicas_an_hpa_manages_stay_but_the_pod_template_is_exactly_the_manifest()
    {
        var live = J.O("{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'web','namespace':'shop','resourceVersion':'5'},'spec':{'replicas':7," +
                       "'selector':{'matchLabels':{'app':'web'}},'template':{'metadata':{'labels':{'app':'web'}},'spec':{'containers':[{'name':'web','image':'web:1'},{'name':'debug','image':'busybox'}]}}}," +
                       "'status':{'readyReplicas':7}}");
        var wanted = Wanted("{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'web'},'spec':{'selector':{'matchLabels':{'app':'web'}},'template':{'metadata':{'labels':{'app':'web'}},'spec':{'containers':[{'name':'web','image':'web:2'}]}}}}");
        var merged = AppliedObject.Merge(live, wanted);
        Assert.Equal(7, Obj.Int(merged["spec"]!["replicas"]));
        Assert.True(JsonNode.DeepEquals(wanted["spec"]!["template"], merged["spec"]!["template"]));
        Assert.Equal(7, Obj.Int(merged["status"]!["readyReplicas"]));
        Assert.False(AppliedObject.SelectorChanges(live, wanted));
        Assert.True(AppliedObject.SelectorChanges(live, Wanted("{'kind':'Deployment','metadata':{'name':'web'},'spec':{'selector':{'matchLabels':{'app':'web','version':'v2'}}}}")));
    }

    [Fact]
    public void Applying_what_is_there_changes_nothing()
    {
        var wanted = Wanted("{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'c'},'data':{'a':'1'}}");
        var live = (JsonObject)wanted.DeepClone();
        live["metadata"]!["uid"] = "u";
        live["metadata"]!["resourceVersion"] = "3";
        Assert.True(AppliedObject.Unchanged(live, AppliedObject.Merge(live, wanted)));
        // The same content without Graylane's (kubectl's) annotation is a change: the annotation is what the next kubectl apply compares.
        live["metadata"]!.AsObject().Remove("annotations");
        Assert.False(AppliedObject.Unchanged(live, AppliedObject.Merge(live, wanted)));
    }
}
