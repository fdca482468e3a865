namespace Graylane.Tests.Lanes;

/// <summary>Seed 002's ASM objects for v1 as the article applies them: the lane group, lane v1 and the gateway VirtualService.</summary>
internal static class SeedAsm
{
    public const string GroupAndLaneV1 = """
        apiVersion: istio.alibabacloud.com/v1
        kind: ASMSwimLaneGroup
        metadata:
          name: mock
        spec:
          ingress:
            gateway:
              name: ingressgateway
              namespace: istio-system
              type: ASM
          isPermissive: true
          permissiveModeConfiguration:
            routeHeader: version
            serviceLevelFallback:
              default/mocka: v1
              default/mockb: v1
              default/mockc: v1
            traceHeader: baggage
          services:
          - cluster:
              id: ce6ed3969d62c4baf89fb3b7f60be7f73
            name: mocka
            namespace: default
          - cluster:
              id: ce6ed3969d62c4baf89fb3b7f60be7f73
            name: mockb
            namespace: default
          - cluster:
              id: ce6ed3969d62c4baf89fb3b7f60be7f73
            name: mockc
            namespace: default
        ---
        apiVersion: istio.alibabacloud.com/v1
        kind: ASMSwimLane
        metadata:
          labels:
            swimlane-group: mock
          name: v1
        spec:
          labelSelector:
            version: v1
          services:
          - name: mocka
            namespace: default
          - name: mockb
            namespace: default
          - name: mockc
            namespace: default
        """;

    public const string IngressVirtualService = """
        apiVersion: networking.istio.io/v1beta1
        kind: VirtualService
        metadata:
          name: swimlane-ingress-vs
          namespace: istio-system
        spec:
          gateways:
            - istio-system/ingressgateway
          hosts:
            - '*'
          http:
            - route:
                - destination:
                    host: mocka.default.svc.cluster.local
                    subset: v1
                  headers:
                    request:
                      set:
                        version: v1
        """;
}
