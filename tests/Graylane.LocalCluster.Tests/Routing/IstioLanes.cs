namespace Graylane.LocalCluster.Tests.Routing;

/// <summary>
/// Lanes in plain Istio for the mock app: per service a DestinationRule with one subset per version and a
/// VirtualService sending requests tagged "version: &lt;lane&gt;" to that lane's subset, everything else to the baseline.
/// </summary>
internal static class IstioLanes
{
    public static string DestinationRule(string service, params string[] versions) => $"""
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata:
          name: {service}
          namespace: default
        spec:
          host: {service}.default.svc.cluster.local
          subsets:{string.Concat(versions.Select(v => $"\n  - name: {v}\n    labels:\n      version: {v}"))}
        """;

    public static string VirtualService(string service, string baseline, params string[] lanes) => $"""
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata:
          name: {service}
          namespace: default
        spec:
          hosts:
          - {service}
          http:{string.Concat(lanes.Select(l => $"""

          - name: lane-{l}
            match:
            - headers:
                version:
                  exact: {l}
            route:
            - destination:
                host: {service}
                subset: {l}
        """))}
          - name: baseline
            route:
            - destination:
                host: {service}
                subset: {baseline}
        """;
}
