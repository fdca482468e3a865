using System.Text.Json.Nodes;

namespace Graylane.Core.Planning.Istio;

/// <summary>
/// The DestinationRule to write and, for each subset asked for, the subset name to route to (an existing subset that
/// already selects the version is reused under its own name). Changed is false when the rule needs no write.
/// </summary>
public sealed record SubsetPlan(JsonObject DestinationRule, IReadOnlyDictionary<string, string> SubsetNames, bool Changed);
