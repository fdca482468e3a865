using Graylane.LocalCluster.Validation.Cel.Runtime;
using static Graylane.LocalCluster.Validation.Cel.Library.StandardLibrary;

namespace Graylane.LocalCluster.Validation.Cel.Library;

/// <summary>Kubernetes' regex library: <c>s.find(re)</c> (first match or "") and <c>s.findAll(re[, n])</c>, with RE2 patterns.</summary>
internal static class RegexLibrary
{
    public static void Register(CelFunctionTable t)
    {
        t.Member("find", 1, a =>
        {
            var m = Re2Regex.Get(Str(a, 1, "find")).Match(Str(a, 0, "find"));
            return m.Success ? m.Value : "";
        });
        t.Member("findAll", 1, a => FindAll(Str(a, 0, "findAll"), Str(a, 1, "findAll"), -1));
        t.Member("findAll", 2, a => FindAll(Str(a, 0, "findAll"), Str(a, 1, "findAll"), Int(a, 2, "findAll")));
    }

    private static IReadOnlyList<object?> FindAll(string s, string pattern, long n)
    {
        if (n == 0) return [];
        var matches = Re2Regex.Get(pattern).Matches(s).Select(m => (object?)m.Value);
        return (n < 0 ? matches : matches.Take((int)Math.Min(n, int.MaxValue))).ToList();
    }
}
