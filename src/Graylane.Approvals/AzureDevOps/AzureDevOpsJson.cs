using System.Text.Json.Serialization;

namespace Graylane.Approvals.AzureDevOps;

/// <summary>Source-generated JSON for the Azure DevOps work item REST API (camelCase). Microsoft.TeamFoundationServer.Client is not used.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(List<AdoPatchOperation>))]
[JsonSerializable(typeof(AdoWorkItem))]
[JsonSerializable(typeof(AdoCommentList))]
[JsonSerializable(typeof(AdoNewComment))]
[JsonSerializable(typeof(AdoWiql))]
[JsonSerializable(typeof(AdoWiqlResult))]
[JsonSerializable(typeof(AdoError))]
public sealed partial class AzureDevOpsJson : JsonSerializerContext;
