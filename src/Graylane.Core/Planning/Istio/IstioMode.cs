using System.Text.Json.Serialization;

namespace Graylane.Core.Planning.Istio;

/// <summary>
/// Subset: one Service, versions told apart by DestinationRule subsets keyed on the version label.
/// Host: a stable and a canary Service, each its own destination host.
/// </summary>
public enum IstioMode
{
    [JsonStringEnumMemberName("subset")] Subset,
    [JsonStringEnumMemberName("host")] Host,
}
