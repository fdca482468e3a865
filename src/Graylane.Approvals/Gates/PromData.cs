using System.Text.Json;

namespace Graylane.Approvals.Gates;

/// <summary>resultType vector|scalar|matrix|string; result as raw JSON (its shape depends on the type).</summary>
public sealed class PromData
{
    public string ResultType { get; set; } = "";
    public JsonElement Result { get; set; }
}
