namespace Graylane.Tests.Manifests;

/// <summary>What kubectl apply prints for objects it did not change.</summary>
public static class KubectlApply
{
    /// <summary>
    /// A Secret written with stringData: the server folds it into data and never returns it, so kubectl's three-way merge
    /// always sends it again and prints "configured" — on a real cluster too — while the Secret stays as it was
    /// (the callers check its resourceVersion).
    /// </summary>
    public static bool WriteOnlyStringData(string line) =>
        line.StartsWith("secret/", StringComparison.Ordinal) && line.EndsWith(" configured", StringComparison.Ordinal);
}
