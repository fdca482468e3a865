namespace Graylane.LocalCluster.Authorization;

/// <summary>How the local cluster decides whether a request may proceed.</summary>
public enum AuthorizationMode
{
    /// <summary>Every authenticated request is allowed (the default; kube-apiserver's AlwaysAllow).</summary>
    AlwaysAllow,

    /// <summary>Roles, ClusterRoles and their bindings decide, as kube-apiserver's RBAC authorizer does.</summary>
    Rbac,
}
