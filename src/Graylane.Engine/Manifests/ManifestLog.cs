using System.Text;
using Graylane.Core.Manifests;

namespace Graylane.Engine.Manifests;

/// <summary>What the manifests change against the cluster, for the CI log (one line per change) and the job summary.</summary>
public static class ManifestLog
{
    public static void Write(StepContext ctx, ManifestPlan plan)
    {
        foreach (var d in plan.Deployments)
        {
            if (d.FirstRelease)
            {
                ctx.Info($"Deployment {d.Name}: not running yet");
                continue;
            }
            var template = d.Diff.Where(e => e.Path.StartsWith("spec.template", StringComparison.Ordinal)).ToList();
            ctx.Info(d.Changed
                ? $"Deployment {d.Name} (baseline {d.BaselineName}): {template.Count} field(s) of the pod template differ{(template.Count == 0 ? " (config only)" : "")}"
                : $"Deployment {d.Name}: pod template and config unchanged");
            foreach (var line in DiffText.Lines(d.Diff)) ctx.Info("  " + line);
        }
        foreach (var c in plan.Configs.Where(c => c.Action != ConfigAction.Unchanged))
        {
            ctx.Info(c.Action == ConfigAction.Copy
                ? $"{c.Kind} {c.Name}: content differs; the gray reads the copy {c.ReadAs}, the baseline keeps reading {c.Name}"
                : $"{c.Kind} {c.Name}: new; created for the gray");
            foreach (var line in c.Diff) ctx.Info("  " + line);
        }
        foreach (var a in plan.Changed.SelectMany(d => d.Autoscalers))
            ctx.Info($"HorizontalPodAutoscaler {Core.Json.Obj.Name(a)}: a copy for the gray, targeting {a["spec"]?["scaleTargetRef"]?["name"]}");
        foreach (var o in plan.AppliedAtPromote)
        {
            ctx.Info($"{o.Manifest.Title}: {(o.Action == ObjectAction.Create ? "new" : "changed")}, applied at promote");
            foreach (var line in o.Diff) ctx.Info("  " + line);
        }
    }

    /// <summary>The same, as Markdown for the job summary.</summary>
    public static string Markdown(ManifestPlan plan)
    {
        var md = new StringBuilder();
        var lines = new List<string>();
        foreach (var d in plan.Changed)
            lines.AddRange(DiffText.Lines(d.Diff).Select(l => $"Deployment {d.Name}: {l}"));
        foreach (var c in plan.Configs.Where(c => c.Action != ConfigAction.Unchanged))
            lines.AddRange(c.Diff.Select(l => $"{c.Kind} {c.Name}{(c.Action == ConfigAction.Copy ? $" (gray reads {c.ReadAs})" : " (new)")}: {l}"));
        if (lines.Count > 0)
        {
            md.AppendLine("What the gray version changes:").AppendLine().AppendLine("```diff");
            foreach (var l in lines) md.AppendLine(l);
            md.AppendLine("```").AppendLine();
        }
        var later = plan.AppliedAtPromote;
        if (later.Count > 0)
        {
            md.AppendLine("Applied at promote:").AppendLine();
            foreach (var o in later) md.AppendLine($"- {o.Manifest.Title} ({(o.Action == ObjectAction.Create ? "new" : string.Join("; ", o.Diff.Take(3)))})");
            md.AppendLine();
        }
        return md.ToString();
    }
}
