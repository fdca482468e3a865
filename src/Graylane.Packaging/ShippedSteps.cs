using Graylane.Engine.Steps;

namespace Graylane.Packaging;

/// <summary>
/// The steps users install as their own action and Azure task. `status` only reads the release, so it
/// stays a CLI command (and a `command` of the root action) instead of a listing of its own.
/// </summary>
public static class ShippedSteps
{
    public static IReadOnlyList<StepDefinition> All => StepCatalog.All.Where(s => s.Name != "status").ToList();

    /// <summary>deploy-gray → DeployGray: task names and folders are PascalCase by Azure DevOps convention.</summary>
    public static string Pascal(string step) =>
        string.Concat(step.Split('-').Select(part => part.Length == 0 ? part : char.ToUpperInvariant(part[0]) + part[1..]));

    /// <summary>src/Tasks/DeployGrayV1: the major version is in the folder so a V2 can ship beside it.</summary>
    public static string TaskFolder(string step) => $"{Pascal(step)}V1";

    public static string TaskName(string step) => $"Graylane{Pascal(step)}";
}
