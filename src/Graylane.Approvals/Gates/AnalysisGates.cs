using Graylane.Core.Validation;

namespace Graylane.Approvals.Gates;

/// <summary>
/// shift-traffic --gate values: a PromQL gate as wait-approval takes it (name=...;query=...;min=...), a template
/// (success-rate:min=0.99) or a webhook (webhook=https://…). All parsed before anything is read or written.
/// </summary>
public sealed record AnalysisGates(IReadOnlyList<GateSpec> Queries, IReadOnlyList<GateTemplate> Templates, IReadOnlyList<WebhookGate> Webhooks)
{
    public bool NeedPrometheus => Queries.Count > 0 || Templates.Count > 0;
    public bool Any => NeedPrometheus || Webhooks.Count > 0;

    public static AnalysisGates Parse(IEnumerable<string> values)
    {
        var queries = new List<GateSpec>();
        var templates = new List<GateTemplate>();
        var webhooks = new List<WebhookGate>();
        foreach (var text in values)
        {
            if (WebhookGate.Looks(text)) webhooks.Add(WebhookGate.Parse(text));
            else if (GateTemplate.Looks(text)) templates.Add(GateTemplate.Parse(text));
            else queries.Add(GateSpec.Parse(text));
        }
        var names = queries.Select(q => q.Name).Concat(templates.Select(t => t.Template)).Concat(webhooks.Select(w => w.Name));
        if (names.GroupBy(n => n).FirstOrDefault(g => g.Count() > 1) is { } twice)
            throw new InvalidInputException(GateSpec.Input, $"--gate {twice.Key} is given twice; gate names must differ");
        return new AnalysisGates(queries, templates, webhooks);
    }
}
