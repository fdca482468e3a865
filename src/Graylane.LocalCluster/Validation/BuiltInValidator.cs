using System.Text.Json.Nodes;
using Graylane.LocalCluster.Storage;

namespace Graylane.LocalCluster.Validation;

/// <summary>
/// The kind-specific checks of the real server that releases and kubectl users meet, on create (old null) and on
/// update (old = the stored object): workloads, pods, Services, ConfigMaps and Secrets.
/// </summary>
internal static class BuiltInValidator
{
    public static void Validate(JsonObject obj, JsonObject? old, ResourceType type, List<FieldError> errors)
    {
        switch (type.Group, type.Kind)
        {
            case ("apps", "Deployment" or "ReplicaSet" or "StatefulSet" or "DaemonSet") or ("batch", "Job") or ("", "ReplicationController"):
                WorkloadValidation.Validate(obj, old, type.Kind, errors);
                break;
            case ("", "Pod"):
                PodSpecValidation.Validate(obj["spec"], "spec", errors);
                break;
            case ("", "Service"):
                ServiceValidation.Validate(obj, old, errors);
                break;
            case ("", "ConfigMap" or "Secret"):
                ConfigDataValidation.Validate(obj, old, secret: type.Kind == "Secret", errors);
                break;
        }
    }
}
