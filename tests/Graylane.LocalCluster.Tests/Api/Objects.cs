using k8s.Models;

namespace Graylane.LocalCluster.Tests.Api;

/// <summary>Typed objects the tests create through the real client.</summary>
internal static class Objects
{
    public static V1Deployment Deployment(string name, string image = "nginx:1.25", int replicas = 2) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["app"] = name } },
        Spec = new V1DeploymentSpec
        {
            Replicas = replicas,
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = name } },
            Template = new V1PodTemplateSpec
            {
                Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = name } },
                Spec = new V1PodSpec
                {
                    Containers =
                    [
                        new V1Container { Name = "app", Image = image, Ports = [new V1ContainerPort { ContainerPort = 8080 }] },
                        new V1Container { Name = "sidecar", Image = "busybox:1.36" },
                    ],
                },
            },
        },
    };

    public static V1Service Service(string name) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1ServiceSpec
        {
            Selector = new Dictionary<string, string> { ["app"] = name },
            Ports = [new V1ServicePort { Port = 80, TargetPort = 8080 }],
        },
    };

    public static V1ConfigMap ConfigMap(string name, Dictionary<string, string>? labels = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Labels = labels },
        Data = new Dictionary<string, string> { ["key"] = "value" },
    };
}
