using System.Text.Json.Nodes;
using Graylane.Core.Planning.GatewayApi;
using Graylane.Tests.Support;

namespace Graylane.Tests.Planning.GatewayApi;

/// <summary>
/// HTTPRoutes to plan against, as real teams write them (and as the API server stores them, defaults filled in): a
/// shop route with an /admin rule with its own filter, a header-matched beta rule, the "web" rule to manage (two
/// matches, a timeout, a response header filter), and a catch-all to a legacy Service.
/// </summary>
public static class GatewayFixtures
{
    public static CanaryBackends Web => new("web", "web-v2", "shop");

    /// <summary>Index 2 ("web") is the rule to manage; "beta" routes to web too, so finding it needs --rule.</summary>
    public static JsonObject Shop() => J.O("""
        {'apiVersion':'gateway.networking.k8s.io/v1','kind':'HTTPRoute',
         'metadata':{'name':'shop','namespace':'shop','resourceVersion':'77','creationTimestamp':'2025-01-01T00:00:10Z','labels':{'team':'storefront'}},
         'spec':{
           'parentRefs':[{'group':'gateway.networking.k8s.io','kind':'Gateway','name':'public','namespace':'infra'}],
           'hostnames':['shop.example.com'],
           'rules':[
             {'name':'admin','matches':[{'path':{'type':'PathPrefix','value':'/admin'}}],
              'filters':[{'type':'RequestHeaderModifier','requestHeaderModifier':{'set':[{'name':'x-admin','value':'1'}]}}],
              'backendRefs':[{'group':'','kind':'Service','name':'admin','port':8080,'weight':1}]},
             {'name':'beta','matches':[{'path':{'type':'PathPrefix','value':'/'},'headers':[{'type':'Exact','name':'x-beta','value':'1'}]}],
              'backendRefs':[{'group':'','kind':'Service','name':'web','port':80,'weight':1}]},
             {'name':'web','matches':[{'path':{'type':'PathPrefix','value':'/'},'method':'GET'},{'path':{'type':'PathPrefix','value':'/api'}}],
              'timeouts':{'request':'10s'},
              'filters':[{'type':'ResponseHeaderModifier','responseHeaderModifier':{'remove':['server']}}],
              'backendRefs':[{'group':'','kind':'Service','name':'web','port':80,'weight':1}]},
             {'name':'legacy','matches':[{'path':{'type':'PathPrefix','value':'/old'}}],
              'backendRefs':[{'group':'','kind':'Service','name':'legacy','port':80,'weight':1}]}]}}
        """);

    public const int WebRule = 2;

    public static JsonArray Rules(JsonObject route) => route["spec"]!["rules"]!.AsArray();

    public static JsonObject Rule(JsonObject route, string name) => Rules(route).OfType<JsonObject>().Single(r => (string?)r["name"] == name);

    /// <summary>A route of another team on the same gateway and host.</summary>
    public static JsonObject Neighbour(string rules, string created = "2024-12-01T00:00:00Z") => J.O($$$"""
        {'apiVersion':'gateway.networking.k8s.io/v1','kind':'HTTPRoute',
         'metadata':{'name':'promo','namespace':'shop','creationTimestamp':'{{{created}}}'},
         'spec':{'parentRefs':[{'group':'gateway.networking.k8s.io','kind':'Gateway','name':'public','namespace':'infra'}],
                 'hostnames':['shop.example.com'],'rules':{{{rules}}}}}
        """);
}
