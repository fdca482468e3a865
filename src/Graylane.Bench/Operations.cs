namespace Graylane.Bench;

/// <summary>One row of the report: a graylane step on one router, and what kubectl does for it (if anything).</summary>
/// <param name="Key">Names the row in measurements and, with <see cref="Router"/>, its line in docs/request-targets.md.</param>
/// <param name="Kubectl">The kubectl counterpart as the report names it; null when kubectl has no single-command equivalent.</param>
/// <param name="SpeedTarget">For the rows the issue sets one: graylane must be at least this many times faster than kubectl.</param>
public sealed record Operation(string Key, string Router, string Step, string Description, string? Kubectl, double? SpeedTarget = null)
{
    /// <summary>The line of docs/request-targets.md this row is held to: step, router and case.</summary>
    public string TargetCase => Key.EndsWith("-noop", StringComparison.Ordinal) ? "no-op" : "first run";
}

/// <summary>The rows, in report order: each router's release, then the start-up of the binary.</summary>
public static class Operations
{
    public static readonly Operation DeployService = new("deploy-gray", "service", "deploy-gray", "start the gray version and wait until ready",
        "get deploy -o json, apply -f - (clone), rollout status");
    public static readonly Operation ShiftService = new("shift-traffic", "service", "shift-traffic --weight 100", "all traffic to the gray version (Service selector)",
        "patch svc (selector version: v2)", 1.5);
    public static readonly Operation ShiftServiceNoop = new("shift-traffic-noop", "service", "shift-traffic --weight 100", "the same again: nothing to do",
        "patch svc (selector version: v2)", 1.5);
    public static readonly Operation StatusService = new("status", "service", "status", "the release and the split as the cluster has it",
        "get svc", 1.5);
    public static readonly Operation PromoteService = new("promote", "service", "promote", "retire the old version (scale to 0)",
        "scale deploy --replicas=0");
    public static readonly Operation RollbackService = new("rollback", "service", "rollback", "roll back after promote", null);

    public static readonly Operation DeployIstio = new("deploy-gray", "istio", "deploy-gray", "start the gray version, add its subset",
        "get, apply (clone), rollout status, patch destinationrule (subset)");
    public static readonly Operation ShiftIstio = new("shift-traffic", "istio", "shift-traffic --weight 20", "20% to the gray version (VirtualService)",
        "patch virtualservice (json patch of the route's weights)", 1.5);
    public static readonly Operation ShiftIstioNoop = new("shift-traffic-noop", "istio", "shift-traffic --weight 20", "the same again: nothing to do",
        "patch virtualservice (json patch of the route's weights)", 1.5);
    public static readonly Operation StatusIstio = new("status", "istio", "status", "the release and the split as the cluster has it",
        "get virtualservice", 1.5);
    public static readonly Operation PromoteIstio = new("promote", "istio", "promote", "all traffic to the new version, retire the old one", null);
    public static readonly Operation RollbackIstio = new("rollback", "istio", "rollback", "roll back after promote", null);

    public static readonly Operation DeployLanes = new("deploy-gray", "lanes", "deploy-gray", "a lane v2 with mocka and mockc, wait until ready", null);
    public static readonly Operation ShiftLanes = new("shift-traffic", "lanes", "shift-traffic --weight 20", "20% of the gateway's traffic to lane v2",
        "patch virtualservice (json patch of the gateway route's weights)", 1.5);
    public static readonly Operation ShiftLanesNoop = new("shift-traffic-noop", "lanes", "shift-traffic --weight 20", "the same again: nothing to do",
        "patch virtualservice (json patch of the gateway route's weights)", 1.5);
    public static readonly Operation StatusLanes = new("status", "lanes", "status", "the release and the split as the cluster has it",
        "get virtualservice (the gateway's)", 1.5);
    public static readonly Operation PromoteLanes = new("promote", "lanes", "promote", "lane v2 becomes the baseline of mocka and mockc", null);
    public static readonly Operation RollbackLanes = new("rollback", "lanes", "rollback", "roll back after promote", null);

    public static readonly Operation DeployGatewayApi = new("deploy-gray", "gateway-api", "deploy-gray", "start the gray version behind its canary Service, pin the stable Service", null);
    public static readonly Operation ShiftGatewayApi = new("shift-traffic", "gateway-api", "shift-traffic --weight 20", "20% to the canary Service (HTTPRoute)",
        "patch httproute (json patch of the rule's backendRefs)", 1.5);
    public static readonly Operation ShiftGatewayApiNoop = new("shift-traffic-noop", "gateway-api", "shift-traffic --weight 20", "the same again: nothing to do",
        "patch httproute (json patch of the rule's backendRefs)", 1.5);
    public static readonly Operation StatusGatewayApi = new("status", "gateway-api", "status", "the release and the split as the cluster has it",
        "get httproute", 1.5);
    public static readonly Operation PromoteGatewayApi = new("promote", "gateway-api", "promote", "the stable Service to the new version, the rule given back", null);
    public static readonly Operation RollbackGatewayApi = new("rollback", "gateway-api", "rollback", "roll back after promote", null);

    public static readonly Operation DeployNginx = new("deploy-gray", "nginx", "deploy-gray", "start the gray version, its canary Service and canary Ingress at weight 0", null);
    public static readonly Operation ShiftNginx = new("shift-traffic", "nginx", "shift-traffic --weight 20", "20% to the canary Service (canary Ingress)",
        "annotate ingress (canary-weight)", 1.5);
    public static readonly Operation ShiftNginxNoop = new("shift-traffic-noop", "nginx", "shift-traffic --weight 20", "the same again: nothing to do",
        "annotate ingress (canary-weight)", 1.5);
    public static readonly Operation StatusNginx = new("status", "nginx", "status", "the release and the split as the cluster has it",
        "get ingress (the canary)", 1.5);
    public static readonly Operation PromoteNginx = new("promote", "nginx", "promote", "the stable Service to the new version, the canary Ingress removed", null);
    public static readonly Operation RollbackNginx = new("rollback", "nginx", "rollback", "roll back after promote", null);

    public static readonly Operation DeployReplicas = new("deploy-gray", "replicas", "deploy-gray", "the gray with no pods, proven on a preview", null);
    public static readonly Operation ShiftReplicas = new("shift-traffic", "replicas", "shift-traffic --weight 25", "1 of 4 pods to the gray version (scale up, wait, scale down)", null);
    public static readonly Operation ShiftReplicasNoop = new("shift-traffic-noop", "replicas", "shift-traffic --weight 25", "the same again: nothing to do", null);
    public static readonly Operation StatusReplicas = new("status", "replicas", "status", "the release and the split (ready pods) as the cluster has it", null);
    public static readonly Operation PromoteReplicas = new("promote", "replicas", "promote", "all pods to the new version", null);
    public static readonly Operation RollbackReplicas = new("rollback", "replicas", "rollback", "roll back after promote", null);

    public static readonly Operation Version = new("version", "—", "version", "print the version (process start to exit)", "version --client", 4);

    public static readonly Operation[] Steps =
    [
        DeployService, ShiftService, ShiftServiceNoop, StatusService, PromoteService, RollbackService,
        DeployIstio, ShiftIstio, ShiftIstioNoop, StatusIstio, PromoteIstio, RollbackIstio,
        DeployLanes, ShiftLanes, ShiftLanesNoop, StatusLanes, PromoteLanes, RollbackLanes,
        DeployGatewayApi, ShiftGatewayApi, ShiftGatewayApiNoop, StatusGatewayApi, PromoteGatewayApi, RollbackGatewayApi,
        DeployNginx, ShiftNginx, ShiftNginxNoop, StatusNginx, PromoteNginx, RollbackNginx,
        DeployReplicas, ShiftReplicas, ShiftReplicasNoop, StatusReplicas, PromoteReplicas, RollbackReplicas,
    ];

    public static readonly Operation[] All = [.. Steps, Version];
}
