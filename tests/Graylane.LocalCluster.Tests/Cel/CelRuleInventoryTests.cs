using Graylane.LocalCluster.Validation.Cel.Schema;

namespace Graylane.LocalCluster.Tests.Cel;

/// <summary>
/// Every x-kubernetes-validations rule of every CRD the local cluster embeds compiles with the local evaluator. A rule
/// it cannot evaluate (a function not implemented) must be listed in docs/local-cluster.md under "CEL rules not
/// evaluated" — it is then answered with a Warning header, never silently passed.
/// </summary>
public sealed class CelRuleInventoryTests
{
    [Fact]
    public void Every_embedded_rule_compiles_or_is_listed_as_not_evaluated()
    {
        var rules = EmbeddedCrds.Rules().ToList();
        Assert.True(rules.Count > 300, $"expected the Istio CRDs' rules at least, found {rules.Count}");
        var docs = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "local-cluster.md"));
        var section = docs.Contains("## CEL rules not evaluated") ? docs[docs.IndexOf("## CEL rules not evaluated", StringComparison.Ordinal)..] : "";

        var broken = new List<string>();
        var unlisted = new List<string>();
        foreach (var (crd, version, path, entry) in rules)
        {
            var rule = CelRuleSet.Compile(entry);
            if (rule.CompileError is not null) broken.Add($"{crd} {version} {path}: {rule.CompileError}: {rule.Rule}");
            else if (rule.Unsupported is not null && !section.Contains(rule.Rule.Trim().Split('\n')[0], StringComparison.Ordinal))
                unlisted.Add($"{crd} {version} {path}: {rule.Unsupported}: {rule.Rule}");
        }
        Assert.True(broken.Count == 0, "rules that do not compile:\n" + string.Join("\n", broken));
        Assert.True(unlisted.Count == 0, "rules not evaluated and not listed in docs/local-cluster.md:\n" + string.Join("\n", unlisted));
    }

    [Fact]
    public void Rules_compile_once_per_schema()
    {
        var (_, crd) = EmbeddedCrds.All().First(c => (string?)c.Crd["metadata"]!["name"] == "virtualservices.networking.istio.io");
        var schema = (System.Text.Json.Nodes.JsonObject)crd["spec"]!["versions"]![0]!["schema"]!["openAPIV3Schema"]!;
        Assert.Same(CelRuleSet.For(schema), CelRuleSet.For(schema));
        Assert.NotEmpty(CelRuleSet.For(schema).All);
    }

    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Tasks.sln"))) return dir.FullName;
        throw new InvalidOperationException("Tasks.sln not found above " + AppContext.BaseDirectory);
    }
}
