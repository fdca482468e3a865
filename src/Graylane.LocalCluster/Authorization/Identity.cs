namespace Graylane.LocalCluster.Authorization;

/// <summary>Who made a request: the user name and groups the authorizer sees (as in a SubjectAccessReview).</summary>
public sealed record Identity(string User, IReadOnlyList<string> Groups, string? Uid = null)
{
    /// <summary>The cluster's own token: an administrator, as kubeadm's admin.conf is (group system:masters passes every check).</summary>
    public static readonly Identity Admin = new("graylane-local-admin", ["system:masters", "system:authenticated"]);

    public const string ServiceAccountPrefix = "system:serviceaccount:";

    public static Identity ServiceAccount(string ns, string name, string? uid) =>
        new($"{ServiceAccountPrefix}{ns}:{name}", ["system:serviceaccounts", $"system:serviceaccounts:{ns}", "system:authenticated"], uid);

    public bool IsMaster => Groups.Contains("system:masters");
}
