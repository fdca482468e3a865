using System.Text.Json.Nodes;
using Graylane.LocalCluster.Api;
using Graylane.LocalCluster.Storage;

namespace Graylane.LocalCluster.Authorization;

/// <summary>
/// Authentication and authorization for the API: the cluster's admin token or a ServiceAccount token it issued
/// (anything else is 401), then, in RBAC mode, the RBAC authorizer over the stored roles and bindings (403 Forbidden,
/// worded as the real server words it). Also records which rule allowed each request, for tests that check a policy.
/// </summary>
public sealed class ClusterAuthorization
{
    private readonly ObjectStore _store;
    private readonly TimeProvider _time;
    private readonly string _adminToken;
    private readonly ServiceAccountTokens _tokens = new();

    internal ClusterAuthorization(ObjectStore store, TimeProvider time, string adminToken, AuthorizationMode mode)
    {
        _store = store;
        _time = time;
        _adminToken = adminToken;
        Mode = mode;
    }

    public AuthorizationMode Mode { get; }

    /// <summary>Decisions in RBAC mode (user, attributes, allowed, the rule that allowed it), oldest first.</summary>
    public IReadOnlyList<AuthorizationDecision> Decisions { get { lock (_decisions) return _decisions.ToList(); } }

    private readonly List<AuthorizationDecision> _decisions = new();

    public void ClearDecisions()
    {
        lock (_decisions) _decisions.Clear();
    }

    /// <summary>The identity behind an Authorization header, or null (401).</summary>
    public Identity? Authenticate(string? authorization)
    {
        if (authorization is null || !authorization.StartsWith("Bearer ", StringComparison.Ordinal)) return null;
        var token = authorization["Bearer ".Length..].Trim();
        return IdentityOf(token);
    }

    /// <summary>The identity a bearer token stands for (TokenReview uses this too).</summary>
    public Identity? IdentityOf(string token)
    {
        if (token == _adminToken) return Identity.Admin;
        if (_tokens.Verify(token, _time.GetUtcNow()) is not { } sa) return null;
        var account = _store.Get(BuiltInTypes.ServiceAccounts, sa.Namespace, sa.Name);
        if (account is null || (sa.Uid.Length > 0 && account.Uid() != sa.Uid)) return null;
        return Identity.ServiceAccount(sa.Namespace, sa.Name, sa.Uid);
    }

    /// <summary>A token for a ServiceAccount (which must exist), as TokenRequest issues it.</summary>
    public (string Token, DateTimeOffset Expires) IssueToken(string ns, string serviceAccount, TimeSpan? lifetime = null, IReadOnlyList<string>? audiences = null)
    {
        var account = _store.Get(BuiltInTypes.ServiceAccounts, ns, serviceAccount)
                      ?? throw new InvalidOperationException($"serviceaccounts \"{serviceAccount}\" not found in namespace {ns}");
        return _tokens.Issue(ns, serviceAccount, account.Uid() ?? "", audiences is { Count: > 0 } ? audiences : [ServiceAccountTokens.Issuer],
            lifetime ?? TimeSpan.FromHours(1), _time.GetUtcNow());
    }

    /// <summary>Whether who may do what; in AlwaysAllow mode everything authenticated may.</summary>
    public bool Allows(Identity who, RequestAttributes what)
    {
        if (Mode == AuthorizationMode.AlwaysAllow) return true;
        var policy = Policy();
        var grant = who.IsMaster ? null : policy.FirstGrant(who, what);
        var allowed = who.IsMaster || grant is not null;
        lock (_decisions) _decisions.Add(new AuthorizationDecision(who.User, what, allowed, grant?.RoleKind, grant?.RoleName, grant?.RoleNamespace, grant?.RuleIndex));
        return allowed;
    }

    /// <summary>The rules that apply to who (SelfSubjectRulesReview); in AlwaysAllow mode, everything.</summary>
    internal IEnumerable<JsonObject> RulesFor(Identity who, string? ns) => Policy().RulesFor(who, ns);

    internal RbacPolicy Policy() => new(
        _store.List(RbacTypes.Roles), _store.List(RbacTypes.ClusterRoles), _store.List(RbacTypes.RoleBindings), _store.List(RbacTypes.ClusterRoleBindings));

    /// <summary>The real server's 403: "deployments.apps \"web\" is forbidden: User \"…\" cannot patch resource \"deployments\" in API group \"apps\" in the namespace \"ns\"".</summary>
    internal static ApiException Forbidden(Identity who, RequestAttributes a)
    {
        if (!a.IsResourceRequest)
            return new ApiException(403, "Forbidden", $"forbidden: User \"{who.User}\" cannot {a.Verb} path \"{a.Path}\"", new JsonObject());
        var resource = a.Subresource.Length > 0 ? $"{a.Resource}/{a.Subresource}" : a.Resource;
        var scope = a.Namespace is { Length: > 0 } ns ? $"in the namespace \"{ns}\"" : "at the cluster scope";
        var reason = $"User \"{who.User}\" cannot {a.Verb} resource \"{resource}\" in API group \"{a.ApiGroup}\" {scope}";
        var qualified = a.ApiGroup.Length == 0 ? a.Resource : $"{a.Resource}.{a.ApiGroup}";
        var message = a.Name is { Length: > 0 } name ? $"{qualified} \"{name}\" is forbidden: {reason}" : $"{qualified} is forbidden: {reason}";
        var details = new JsonObject { ["name"] = a.Name ?? "" };
        if (a.ApiGroup.Length > 0) details["group"] = a.ApiGroup;
        details["kind"] = a.Resource;
        return new ApiException(403, "Forbidden", message, details);
    }
}

/// <summary>One authorization decision: who asked for what, whether it was allowed and by which role's rule.</summary>
public sealed record AuthorizationDecision(string User, RequestAttributes Attributes, bool Allowed, string? RoleKind, string? RoleName,
    string? RoleNamespace, int? RuleIndex);
