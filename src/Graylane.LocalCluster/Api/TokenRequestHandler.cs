using System.Text.Json.Nodes;
using Graylane.LocalCluster.Authorization;
using Graylane.LocalCluster.Storage;
using Graylane.LocalCluster.Validation;

namespace Graylane.LocalCluster.Api;

/// <summary>
/// POST serviceaccounts/{name}/token (TokenRequest, what `kubectl create token` sends): a bound token for the
/// ServiceAccount, valid for spec.expirationSeconds (default an hour, at least ten minutes).
/// </summary>
internal sealed class TokenRequestHandler(ClusterState state, ClusterAuthorization auth)
{
    private static readonly ServedResource TokenRequests = new(new ResourceType("authentication.k8s.io", "v1", "TokenRequest", "tokenrequests", true),
        "v1", "tokenrequest", [], [], false, false, false, null);

    public async Task CreateAsync(ResourceRequest req)
    {
        var body = await RequestBodies.ReadObjectAsync(req.Http); // JSON, YAML or protobuf (kubectl create token)
        if (state.Store.Get(BuiltInTypes.ServiceAccounts, req.Namespace, req.Name!) is null)
            throw StatusObjects.NotFound(req.Resource, req.Name!);
        var spec = body["spec"] as JsonObject ?? new JsonObject();
        var seconds = spec["expirationSeconds"].Long() ?? 3600;
        if (seconds < 600)
            throw StatusObjects.Invalid(TokenRequests, req.Name!,
                [FieldError.Invalid("spec.expirationSeconds", seconds, "may not specify a duration less than 10 minutes")]);
        var audiences = (spec["audiences"] as JsonArray ?? []).Select(a => a.Str() ?? "").Where(a => a.Length > 0).ToList();
        var (token, expires) = auth.IssueToken(req.Namespace!, req.Name!, TimeSpan.FromSeconds(seconds), audiences);
        await HttpJson.WriteAsync(req.Http, 201, new JsonObject
        {
            ["kind"] = "TokenRequest",
            ["apiVersion"] = "authentication.k8s.io/v1",
            ["metadata"] = new JsonObject { ["name"] = req.Name, ["namespace"] = req.Namespace, ["creationTimestamp"] = null },
            ["spec"] = new JsonObject
            {
                ["audiences"] = new JsonArray((audiences.Count > 0 ? audiences : [ServiceAccountTokens.Issuer]).Select(a => (JsonNode)a).ToArray()),
                ["expirationSeconds"] = seconds,
                ["boundObjectRef"] = spec["boundObjectRef"]?.DeepClone(),
            },
            ["status"] = new JsonObject
            {
                ["token"] = token,
                ["expirationTimestamp"] = expires.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"),
            },
        });
    }
}
