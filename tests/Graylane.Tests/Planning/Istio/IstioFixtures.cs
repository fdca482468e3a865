using System.Text.Json.Nodes;
using Graylane.Core.Planning.Istio;
using Graylane.Tests.Support;

namespace Graylane.Tests.Planning.Istio;

/// <summary>
/// VirtualServices to plan against: bookinfo's reviews from seed 001 (KubeSphere canary of reviews v1 → v2) and a
/// user's rich VirtualService with several hosts, gateways and routes (an /admin route with a fault, a header-matched
/// route with retries and timeout, the managed /api route, a catch-all), as real teams write them.
/// </summary>
public static class IstioFixtures
{
    public static JsonObject Reviews() => J.O("""
        {'apiVersion':'networking.istio.io/v1','kind':'VirtualService',
         'metadata':{'name':'reviews','namespace':'demo-project','resourceVersion':'812','uid':'5c1e','generation':3,
                     'labels':{'app':'reviews','app.kubernetes.io/name':'bookinfo'}},
         'spec':{'hosts':['reviews'],
                 'http':[{'route':[{'destination':{'host':'reviews','subset':'v1'}}]}]}}
        """);

    public static JsonObject ReviewsRule() => J.O("""
        {'apiVersion':'networking.istio.io/v1','kind':'DestinationRule',
         'metadata':{'name':'reviews','namespace':'demo-project'},
         'spec':{'host':'reviews','trafficPolicy':{'loadBalancer':{'simple':'RANDOM'}},
                 'subsets':[{'name':'v1','labels':{'version':'v1'}}]}}
        """);

    public static IstioTarget ReviewsTarget => IstioTarget.Subsets("reviews", "v1", "v2");

    /// <summary>Index 2 ("api") is the route to manage; "beta" also routes to catalog, so discovery needs --route.</summary>
    public static JsonObject Catalog() => J.O("""
        {'apiVersion':'networking.istio.io/v1','kind':'VirtualService',
         'metadata':{'name':'catalog','namespace':'shop','resourceVersion':'4411'},
         'spec':{
           'hosts':['catalog','catalog.shop.svc.cluster.local','shop.example.com'],
           'gateways':['mesh','istio-system/public'],
           'exportTo':['.','istio-system'],
           'http':[
             {'name':'admin','match':[{'uri':{'prefix':'/admin'}}],
              'fault':{'abort':{'httpStatus':403,'percentage':{'value':100}}},
              'route':[{'destination':{'host':'catalog-admin','port':{'number':8080}}}]},
             {'name':'beta','match':[{'headers':{'x-beta':{'exact':'1'}}},{'queryParams':{'beta':{'exact':'1'}}}],
              'retries':{'attempts':5,'perTryTimeout':'1s','retryOn':'5xx,reset'},'timeout':'4s',
              'route':[{'destination':{'host':'catalog','subset':'v1','port':{'number':80}}}]},
             {'name':'api','match':[{'uri':{'prefix':'/api'},'method':{'exact':'GET'}},{'uri':{'prefix':'/api'},'headers':{'x-client':{'prefix':'mobile'}}}],
              'retries':{'attempts':3,'perTryTimeout':'2s','retryOn':'5xx'},'timeout':'10s',
              'headers':{'request':{'set':{'x-route':'api'}},'response':{'remove':['server']}},
              'rewrite':{'uri':'/'},
              'route':[{'destination':{'host':'catalog.shop.svc.cluster.local','subset':'v1','port':{'number':80}},
                        'headers':{'response':{'set':{'x-served-by':'catalog'}}}}]},
             {'name':'legacy','route':[{'destination':{'host':'catalog-legacy','port':{'number':80}}}]}],
           'tcp':[{'match':[{'port':9000}],'route':[{'destination':{'host':'catalog','port':{'number':9000}}}]}]}}
        """);

    public static IstioTarget CatalogTarget => IstioTarget.Subsets("catalog", "v1", "v2");

    public const int CatalogApiRoute = 2;

    public static IstioShift Shift(int weight, string? match = null, double? mirror = null, string? setHeader = null, string app = "catalog") =>
        new(app, weight,
            match is null ? [] : match.Split(" | ").Select(m => (IReadOnlyList<MatchRule>)MatchParser.Parse(m)).ToList(),
            mirror,
            setHeader is null ? null : new Dictionary<string, string>([SetHeaderParser.Parse(setHeader)]));

    public static JsonArray Http(JsonObject vs) => vs["spec"]!["http"]!.AsArray();

    public static JsonObject Route(JsonObject vs, string name) =>
        Http(vs).OfType<JsonObject>().Single(r => (string?)r["name"] == name);
}
