namespace Graylane.Approvals.Gates;

/// <summary>
/// What a webhook gate receives, in Flagger's shape: name and namespace of the release, phase "Progressing", type
/// "rollout", and metadata (all strings, as Flagger sends them): app, baselineVersion, grayVersion, weight, step, steps.
/// </summary>
public sealed class WebhookPayload
{
    public string Name { get; set; } = "";
    public string Namespace { get; set; } = "";
    public string Phase { get; set; } = "Progressing";
    public string Type { get; set; } = "rollout";
    public Dictionary<string, string> Metadata { get; set; } = new(StringComparer.Ordinal);
}
