using Graylane.LocalCluster.Storage;

namespace Graylane.LocalCluster.Authorization;

/// <summary>The rbac.authorization.k8s.io/v1 kinds the authorizer reads from the store.</summary>
internal static class RbacTypes
{
    public const string Group = "rbac.authorization.k8s.io";
    public static readonly ResourceType Roles = new(Group, "v1", "Role", "roles", true);
    public static readonly ResourceType ClusterRoles = new(Group, "v1", "ClusterRole", "clusterroles", false);
    public static readonly ResourceType RoleBindings = new(Group, "v1", "RoleBinding", "rolebindings", true);
    public static readonly ResourceType ClusterRoleBindings = new(Group, "v1", "ClusterRoleBinding", "clusterrolebindings", false);
}
