using System.Text.Json.Nodes;
using Graylane.LocalCluster.Storage;

namespace Graylane.LocalCluster.Api;

/// <summary>
/// The kinds a real server only takes a POST for and never stores: a Binding (the scheduler's pod-to-node assignment),
/// and the authentication/authorization reviews kubectl uses (`kubectl auth whoami`, `kubectl auth can-i`). The local
/// cluster has one user (its bearer token), who may do everything, as a server with the AlwaysAllow authorizer answers.
/// </summary>
internal sealed class CreateOnlyHandler(ClusterState state, string token)
{
    /// <summary>Who the local cluster's token is.</summary>
    public const string UserName = "graylane-local-admin";

    private static readonly string[] UserGroups = ["system:masters", "system:authenticated"];

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
                var authenticated = body["spec"]?["token"].Str() == token;
                body["status"] = authenticated
                    ? new JsonObject { ["authenticated"] = true, ["user"] = UserInfo(), ["audiences"] = body["spec"]?["audiences"]?.DeepClone() }
                    : new JsonObject { ["user"] = new JsonObject(), ["error"] = "invalid bearer token" };
                break;
            case "SelfSubjectReview":
                body["status"] = new JsonObject { ["userInfo"] = UserInfo() };
                break;
            case "SubjectAccessReview" or "LocalSubjectAccessReview" or "SelfSubjectAccessReview":
                body["status"] = new JsonObject { ["allowed"] = true };
                break;
            case "SelfSubjectRulesReview":
                body["status"] = new JsonObject
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
                break;
            default:
                throw StatusObjects.MethodNotAllowed(req.Http.Request.Method);
        }
        body.Meta()["creationTimestamp"] = null;
        await HttpJson.WriteAsync(req.Http, 201, body);
    }

    private static JsonObject UserInfo() => new()
    {
        ["username"] = UserName,
        ["groups"] = new JsonArray(UserGroups.Select(g => (JsonNode)g).ToArray()),
    };

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
