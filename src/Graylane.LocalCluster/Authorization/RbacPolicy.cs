using System.Text.Json.Nodes;
using Graylane.LocalCluster.Selectors;

namespace Graylane.LocalCluster.Authorization;

/// <summary>
/// kube-apiserver's RBAC authorizer over a snapshot of Roles, ClusterRoles and their bindings: a request is allowed when
/// a rule of a role bound to the user (by name, group or ServiceAccount) matches it — ClusterRoleBindings everywhere,
/// RoleBindings in their namespace (to a Role there or a ClusterRole). Rules match verbs, API groups, resources
/// ("deployments", "deployments/scale", "*", "*/scale"), resourceNames and, for paths, nonResourceURLs ("/apis/*").
/// Aggregated ClusterRoles take the rules of the ClusterRoles their selectors match. system:masters may do everything.
/// </summary>
internal sealed class RbacPolicy(IReadOnlyList<JsonObject> roles, IReadOnlyList<JsonObject> clusterRoles,
    IReadOnlyList<JsonObject> roleBindings, IReadOnlyList<JsonObject> clusterRoleBindings)
{
    /// <summary>A rule that allowed a request, and where it came from.</summary>
    public sealed record Grant(string RoleKind, string RoleName, string? RoleNamespace, int RuleIndex, JsonObject Rule);

    public bool Allows(Identity who, RequestAttributes a) => who.IsMaster || FirstGrant(who, a) is not null;

    public Grant? FirstGrant(Identity who, RequestAttributes a) => Grants(who, a).FirstOrDefault();

    /// <summary>Every rule that allows the request (the first one is the one the server would report).</summary>
    public IEnumerable<Grant> Grants(Identity who, RequestAttributes a)
    {
        foreach (var binding in clusterRoleBindings.Where(b => Binds(b, who, null)))
            foreach (var grant in RulesOf("ClusterRole", binding["roleRef"]?["name"].Str(), null).Where(g => Matches(g.Rule, a)))
                yield return grant;
        if (!a.IsResourceRequest || a.Namespace is null) yield break;
        foreach (var binding in roleBindings.Where(b => b["metadata"]?["namespace"].Str() == a.Namespace && Binds(b, who, a.Namespace)))
        {
            var kind = binding["roleRef"]?["kind"].Str();
            foreach (var grant in RulesOf(kind ?? "", binding["roleRef"]?["name"].Str(), kind == "Role" ? a.Namespace : null)
                         .Where(g => g.Rule["nonResourceURLs"] is null && Matches(g.Rule, a)))
                yield return grant;
        }
    }

    /// <summary>The rules that apply to who in a namespace (null: cluster-wide only), for SelfSubjectRulesReview.</summary>
    public IEnumerable<JsonObject> RulesFor(Identity who, string? ns)
    {
        foreach (var binding in clusterRoleBindings.Where(b => Binds(b, who, null)))
            foreach (var g in RulesOf("ClusterRole", binding["roleRef"]?["name"].Str(), null)) yield return g.Rule;
        if (ns is null) yield break;
        foreach (var binding in roleBindings.Where(b => b["metadata"]?["namespace"].Str() == ns && Binds(b, who, ns)))
        {
            var kind = binding["roleRef"]?["kind"].Str() ?? "";
            foreach (var g in RulesOf(kind, binding["roleRef"]?["name"].Str(), kind == "Role" ? ns : null))
                if (g.Rule["nonResourceURLs"] is null) yield return g.Rule;
        }
    }

    private IEnumerable<Grant> RulesOf(string kind, string? name, string? ns)
    {
        if (name is null) yield break;
        if (kind == "Role")
        {
            var role = roles.FirstOrDefault(r => r["metadata"]?["name"].Str() == name && r["metadata"]?["namespace"].Str() == ns);
            foreach (var (rule, i) in Rules(role).Select((r, i) => (r, i))) yield return new Grant("Role", name, ns, i, rule);
            yield break;
        }
        if (kind != "ClusterRole") yield break;
        var clusterRole = clusterRoles.FirstOrDefault(r => r["metadata"]?["name"].Str() == name);
        var own = Rules(clusterRole).Select((r, i) => new Grant("ClusterRole", name, null, i, r));
        if (clusterRole?["aggregationRule"]?["clusterRoleSelectors"] is JsonArray selectors)
        {
            // The aggregation controller's union: every ClusterRole a selector matches contributes its own rules.
            var parts = clusterRoles.Where(c => c != clusterRole && selectors.OfType<JsonObject>()
                .Any(s => LabelSelector.FromObject(s).Matches(c.Labels())));
            own = parts.SelectMany(c => Rules(c).Select((r, i) => new Grant("ClusterRole", c["metadata"]?["name"].Str() ?? "", null, i, r)));
        }
        foreach (var g in own) yield return g;
    }

    private static IEnumerable<JsonObject> Rules(JsonObject? role) => (role?["rules"] as JsonArray ?? []).OfType<JsonObject>();

    private static bool Binds(JsonObject binding, Identity who, string? bindingNamespace) =>
        (binding["subjects"] as JsonArray ?? []).OfType<JsonObject>().Any(s => s["kind"].Str() switch
        {
            "User" => s["name"].Str() == who.User,
            "Group" => who.Groups.Contains(s["name"].Str() ?? ""),
            "ServiceAccount" => who.User == $"{Identity.ServiceAccountPrefix}{s["namespace"].Str() ?? bindingNamespace}:{s["name"].Str()}",
            _ => false,
        });

    private static bool Matches(JsonObject rule, RequestAttributes a)
    {
        if (!Has(rule["verbs"], a.Verb)) return false;
        if (!a.IsResourceRequest)
            return Strings(rule["nonResourceURLs"]).Any(u => u == "*" || u == a.Path || (u.EndsWith('*') && a.Path.StartsWith(u[..^1], StringComparison.Ordinal)));
        if (rule["nonResourceURLs"] is JsonArray { Count: > 0 } && rule["resources"] is null) return false;
        if (!Has(rule["apiGroups"], a.ApiGroup)) return false;
        var combined = a.Subresource.Length > 0 ? $"{a.Resource}/{a.Subresource}" : a.Resource;
        var resourceMatch = Strings(rule["resources"]).Any(r => r == "*" || r == combined ||
            (a.Subresource.Length > 0 && r == "*/" + a.Subresource));
        if (!resourceMatch) return false;
        var names = Strings(rule["resourceNames"]).ToList();
        return names.Count == 0 || (a.Name is { Length: > 0 } n && names.Contains(n));
    }

    private static bool Has(JsonNode? list, string value) => Strings(list).Any(v => v == "*" || v == value);

    private static IEnumerable<string> Strings(JsonNode? node) => (node as JsonArray ?? []).Select(n => n.Str() ?? "");
}
