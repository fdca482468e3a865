using System.Text.Json.Nodes;
using Graylane.LocalCluster.Storage;

namespace Graylane.LocalCluster.Api;

/// <summary>
/// The kinds a real server only takes a POST for and never stores: a Binding (the scheduler's pod-to-node assignment),
/// and the authentication/authorization reviews kubectl uses (`kubectl auth whoami`, `kubectl auth can-i`): they answer
/// for the admin token or a ServiceAccount token, with the decisions of the cluster's authorizer (everything with
/// AlwaysAllow; the roles and bindings in RBAC mode).
/// </summary>
internal sealed class CreateOnlyHandler(ClusterState state, Authorization.ClusterAuthorization auth)
{
    /// <summary>Who the local cluster's token is.</summary>
    public const string UserName = "graylane-local-admin";

    public async Task CreateAsync(ResourceRequest req)
    {
        if (req.Name is not null) throw StatusObjects.MethodNotAllowed(req.Http.Request.Method);
        var r = req.Resource;
        var body = await WriteHandler.ReadObjectAsync(req);
        body["apiVersion"] = r.ApiVersion;
        body["kind"] = r.Kind;
        switch (r.Kind)
        {
            case "Binding":
                await BindAsync(req, body);
                return;
            case "TokenReview":
                var reviewed = auth.IdentityOf(body["spec"]?["token"].Str() ?? "");
                body["status"] = reviewed is not null
                    ? new JsonObject { ["authenticated"] = true, ["user"] = UserInfo(reviewed), ["audiences"] = body["spec"]?["audiences"]?.DeepClone() }
                    : new JsonObject { ["user"] = new JsonObject(), ["error"] = "invalid bearer token" };
                break;
            case "SelfSubjectReview":
                body["status"] = new JsonObject { ["userInfo"] = UserInfo(RequestIdentity.Of(req.Http)) };
                break;
            case "SubjectAccessReview" or "LocalSubjectAccessReview" or "SelfSubjectAccessReview":
                body["status"] = new JsonObject { ["allowed"] = AccessReview(req, body) };
                break;
            case "SelfSubjectRulesReview":
                body["status"] = RulesReview(RequestIdentity.Of(req.Http), body["spec"]?["namespace"].Str());
                break;
            default:
                throw StatusObjects.MethodNotAllowed(req.Http.Request.Method);
        }
        body.Meta()["creationTimestamp"] = null;
        await HttpJson.WriteAsync(req.Http, 201, body);
    }

    private static JsonObject UserInfo(Authorization.Identity who)
    {
        var info = new JsonObject
        {
            ["username"] = who.User,
            ["groups"] = new JsonArray(who.Groups.Select(g => (JsonNode)g).ToArray()),
        };
        if (who.Uid is not null) info["uid"] = who.Uid;
        return info;
    }

    /// <summary>The decision for the review's subject (the requester for SelfSubjectAccessReview) on its resource or path.</summary>
    private bool AccessReview(ResourceRequest req, JsonObject review)
    {
        var spec = review["spec"];
        var who = review["kind"].Str() == "SelfSubjectAccessReview"
            ? RequestIdentity.Of(req.Http)
            : new Authorization.Identity(spec?["user"].Str() ?? "", (spec?["groups"] as JsonArray ?? []).Select(g => g.Str() ?? "").ToList(), spec?["uid"].Str());
        Authorization.RequestAttributes what;
        if (spec?["resourceAttributes"] is JsonObject ra)
        {
            var ns = review["kind"].Str() == "LocalSubjectAccessReview" ? req.Namespace : ra["namespace"].Str();
            what = Authorization.RequestAttributes.ForResource(ra["verb"].Str() ?? "", ra["group"].Str() ?? "", ra["resource"].Str() ?? "",
                ra["subresource"].Str() ?? "", string.IsNullOrEmpty(ns) ? null : ns, ra["name"].Str());
        }
        else
            what = Authorization.RequestAttributes.ForPath(spec?["nonResourceAttributes"]?["verb"].Str() ?? "", spec?["nonResourceAttributes"]?["path"].Str() ?? "");
        return auth.Allows(who, what);
    }

    private JsonObject RulesReview(Authorization.Identity who, string? ns)
    {
        if (auth.Mode == Authorization.AuthorizationMode.AlwaysAllow || who.IsMaster)
            return new JsonObject
            {
                ["resourceRules"] = new JsonArray(new JsonObject
                {
                    ["verbs"] = new JsonArray("*"), ["apiGroups"] = new JsonArray("*"), ["resources"] = new JsonArray("*"),
                }),
                ["nonResourceRules"] = new JsonArray(new JsonObject
                {
                    ["verbs"] = new JsonArray("*"), ["nonResourceURLs"] = new JsonArray("*"),
                }),
                ["incomplete"] = false,
            };
        var rules = auth.RulesFor(who, string.IsNullOrEmpty(ns) ? null : ns).ToList();
        return new JsonObject
        {
            ["resourceRules"] = new JsonArray(rules.Where(r => r["nonResourceURLs"] is null).Select(r => r.DeepClone()).ToArray()),
            ["nonResourceRules"] = new JsonArray(rules.Where(r => r["nonResourceURLs"] is not null)
                .Select(r => (JsonNode)new JsonObject { ["verbs"] = r["verbs"]?.DeepClone(), ["nonResourceURLs"] = r["nonResourceURLs"]?.DeepClone() }).ToArray()),
            ["incomplete"] = false,
        };
    }

    /// <summary>POST bindings: sets the pod's spec.nodeName once, as the scheduler's binding does; a bound pod is a 409.</summary>
    private async Task BindAsync(ResourceRequest req, JsonObject binding)
    {
        var podName = binding.Name() ?? throw StatusObjects.BadRequest("name is required for a Binding");
        var node = binding["target"]?["name"].Str();
        var pods = state.Registry.Find("", "v1", "pods")!;
        if (string.IsNullOrEmpty(node))
            throw StatusObjects.Invalid(req.Resource, podName, [Validation.FieldError.Required("target.name")]);
        var pod = state.GetOrThrow(pods, req.Namespace, podName);
        if (pod["spec"]?["nodeName"].Str() is { Length: > 0 } bound)
            throw new ApiException(409, "Conflict",
                $"Operation cannot be fulfilled on pods/binding \"{podName}\": pod {podName} is already assigned to node \"{bound}\"",
                new JsonObject { ["name"] = podName, ["kind"] = "pods/binding" });
        if (!req.DryRun)
        {
            pod["spec"]!["nodeName"] = node;
            try { state.Store.Update(BuiltInTypes.Pods, pod); }
            catch (StoreException e) { throw StatusObjects.FromStore(e, pods, podName); }
        }
        await HttpJson.WriteAsync(req.Http, 201, new JsonObject
        {
            ["kind"] = "Status", ["apiVersion"] = "v1", ["metadata"] = new JsonObject(), ["status"] = "Success", ["code"] = 201,
        });
    }
}
