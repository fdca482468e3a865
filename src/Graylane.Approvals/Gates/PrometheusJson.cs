using System.Text.Json.Serialization;

namespace Graylane.Approvals.Gates;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(PromResponse))]
public sealed partial class PrometheusJson : JsonSerializerContext;
