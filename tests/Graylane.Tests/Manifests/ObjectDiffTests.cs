using Graylane.Core.Manifests;
using Graylane.Tests.Support;

namespace Graylane.Tests.Manifests;

public class ObjectDiffTests
{
    private static IReadOnlyList<string> Lines(string before, string after) =>
        DiffText.Lines(ObjectDiff.Compare(J.O(before), J.O(after), "spec"));

    [Fact]
    public void Containers_and_env_are_matched_by_name_not_position()
    {
        var lines = Lines(
            "{'containers':[{'name':'proxy','image':'envoy:1'},{'name':'web','image':'web:1','env':[{'name':'A','value':'1'},{'name':'B','value':'2'}]}]}",
            "{'containers':[{'name':'web','image':'web:2','env':[{'name':'B','value':'2'},{'name':'A','value':'one'},{'name':'C','value':'3'}]},{'name':'proxy','image':'envoy:1'}]}");
        Assert.Equal([
            "~ spec.containers[web].image: \"web:1\" -> \"web:2\"",
            "~ spec.containers[web].env[A].value: \"1\" -> \"one\"",
            "+ spec.containers[web].env[C]: {\"name\":\"C\",\"value\":\"3\"}",
        ], lines);
    }

    [Fact]
    public void Removed_fields_are_reported_but_server_defaults_are_not()
    {
        var lines = Lines(
            "{'containers':[{'name':'web','image':'web:1','imagePullPolicy':'IfNotPresent','terminationMessagePath':'/dev/termination-log','args':['--a'],'ports':[{'containerPort':80,'protocol':'TCP'}]}],'dnsPolicy':'ClusterFirst','securityContext':{}}",
            "{'containers':[{'name':'web','image':'web:1','ports':[{'containerPort':80}]}]}");
        Assert.Equal(["- spec.containers[web].args"], lines);
    }

    [Fact]
    public void With_a_last_applied_configuration_only_fields_the_last_apply_set_are_removed_as_kubectl_apply_removes_them()
    {
        // An HTTPRoute as the server keeps it: its CRD schema defaulted group, kind and weight; someone added a label.
        var live = J.O("{'metadata':{'labels':{'app':'web','team':'shop'}},'spec':{'parentRefs':[{'group':'gateway.networking.k8s.io','kind':'Gateway','name':'gw'}]," +
                       "'rules':[{'matches':[{'path':{'type':'PathPrefix','value':'/'}}],'timeouts':{'request':'10s'},'backendRefs':[{'group':'','kind':'Service','name':'web','port':80,'weight':1}]}]}}");
        var applied = J.O("{'metadata':{'labels':{'app':'web'}},'spec':{'parentRefs':[{'name':'gw'}]," +
                          "'rules':[{'matches':[{'path':{'type':'PathPrefix','value':'/'}}],'timeouts':{'request':'10s'},'backendRefs':[{'name':'web','port':80}]}]}}");
        Assert.Empty(ObjectDiff.Compare(live, applied, applied: applied));

        var dropped = J.O("{'metadata':{'labels':{'app':'web'}},'spec':{'parentRefs':[{'name':'gw'}]," +
                          "'rules':[{'matches':[{'path':{'type':'PathPrefix','value':'/'}}],'backendRefs':[{'name':'web','port':80}]}]}}");
        Assert.Equal(["- spec.rules[0].timeouts"], DiffText.Lines(ObjectDiff.Compare(live, dropped, applied: applied)));
        // Without a last-applied configuration the known server defaults decide: the CRD's are not among them.
        Assert.Contains("- spec.rules[0].backendRefs[0].weight", DiffText.Lines(ObjectDiff.Compare(live, applied)));
    }

    [Fact]
    public void Quantities_compare_by_value()
    {
        Assert.Empty(Lines("{'resources':{'requests':{'cpu':'500m','memory':'1Gi'}}}", "{'resources':{'requests':{'cpu':0.5,'memory':'1024Mi'}}}"));
        Assert.Equal(["~ spec.resources.limits.cpu: \"1\" -> \"2\""], Lines("{'resources':{'limits':{'cpu':'1'}}}", "{'resources':{'limits':{'cpu':'2'}}}"));
    }

    [Fact]
    public void Lists_without_a_merge_key_compare_by_position()
    {
        Assert.Equal(["~ spec.args[1]: \"b\" -> \"c\""], Lines("{'args':['a','b']}", "{'args':['a','c']}"));
        Assert.Equal(["~ spec.args: [\"a\"] -> [\"a\",\"b\"]"], Lines("{'args':['a']}", "{'args':['a','b']}"));
    }

    [Fact]
    public void Secret_values_are_never_shown()
    {
        var entry = new DiffEntry("data.api-key", DiffKind.Changed, System.Text.Json.Nodes.JsonValue.Create("czNjcjN0"), System.Text.Json.Nodes.JsonValue.Create("bmV3"));
        Assert.Equal("~ data.api-key: <secret> -> <secret>", DiffText.Line(entry, hideValues: true));
    }

    [Fact]
    public void Long_and_multi_line_values_are_shortened()
    {
        Assert.Equal(["~ spec.conf: (3 lines) -> (4 lines)"], Lines("{'conf':'a\\nb\\nc'}", "{'conf':'a\\nb\\nc\\nd'}"));
        var line = Lines("{'x':'a'}", "{'x':'" + new string('y', 200) + "'}").Single();
        Assert.True(line.Length < 100, line);
        Assert.EndsWith("…\"", line);
    }
}
