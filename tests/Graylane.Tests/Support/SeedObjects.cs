using System.Text.Json.Nodes;

namespace Graylane.Tests.Support;

/// <summary>
/// The objects of seed 003 (Huawei CodeArts blue-green): the nginx Deployment whose own labels (app: nginx)
/// differ from its pods' (app: my-nginx), and the Service selecting the pods — the seed's own trap.
/// </summary>
public static class SeedObjects
{
    public const string NginxYaml = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: nginx
          namespace: default
          labels:
            app: nginx
            version: v1
        spec:
          replicas: 2
          minReadySeconds: 0
          progressDeadlineSeconds: 60
          strategy:
            rollingUpdate:
              maxSurge: 20%
              maxUnavailable: 20%
          selector:
            matchLabels:
              app: my-nginx
              version: v1
          template:
            metadata:
              labels:
                app: my-nginx
                version: v1
            spec:
              containers:
                - name: nginx
                  image: nginx:1.25
                  imagePullPolicy: IfNotPresent
                  env:
                    - name: MODE
                      value: blue
                  resources:
                    requests:
                      cpu: 100m
                      memory: 64Mi
                  startupProbe:
                    tcpSocket:
                      port: 80
                  livenessProbe:
                    tcpSocket:
                      port: 80
                  readinessProbe:
                    tcpSocket:
                      port: 80
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: nginx-service
          namespace: default
          labels:
            app: nginx-service
        spec:
          type: NodePort
          selector:
            app: my-nginx
            version: v1
          ports:
            - port: 8000
              targetPort: 80
              nodePort: 32500
        """;

    public static JsonObject NginxDeployment() => J.O("""
        {'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'nginx','namespace':'default','uid':'u-1','resourceVersion':'77','generation':3,
          'creationTimestamp':'2026-01-01T00:00:00Z','labels':{'app':'nginx','version':'v1'},
          'annotations':{'deployment.kubernetes.io/revision':'3','kubectl.kubernetes.io/last-applied-configuration':'{}','team':'web'}},
         'spec':{'replicas':2,'progressDeadlineSeconds':60,'selector':{'matchLabels':{'app':'my-nginx','version':'v1'}},
          'template':{'metadata':{'labels':{'app':'my-nginx','version':'v1'}},
           'spec':{'containers':[{'name':'nginx','image':'nginx:1.25','env':[{'name':'MODE','value':'blue'}],
             'resources':{'requests':{'cpu':'100m','memory':'64Mi'}},'readinessProbe':{'tcpSocket':{'port':80}}}],
            'volumes':[{'name':'cache','emptyDir':{}}]}}},
         'status':{'replicas':2,'readyReplicas':2}}
        """);

    public static JsonObject NginxService() => J.O("""
        {'apiVersion':'v1','kind':'Service','metadata':{'name':'nginx-service','namespace':'default','labels':{'app':'nginx-service'}},
         'spec':{'type':'NodePort','selector':{'app':'my-nginx','version':'v1'},'ports':[{'port':8000,'targetPort':80}]}}
        """);
}
