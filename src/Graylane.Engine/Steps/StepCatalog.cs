namespace Graylane.Engine.Steps;

/// <summary>Every step by its command name: the CLI, the actions and the Azure tasks are generated from or checked against this.</summary>
public static class StepCatalog
{
    public static IReadOnlyList<StepDefinition> All { get; } =
    [
        DeployGrayStep.Definition,
        ShiftTrafficStep.Definition,
        WaitApprovalStep.Definition,
        PromoteStep.Definition,
        RollbackStep.Definition,
        StatusStep.Definition,
    ];

    public static StepDefinition? Find(string name) => All.FirstOrDefault(s => s.Name == name);
}
