namespace Graylane.Engine.Steps;

/// <summary>`graylane lane create|delete` (also lane-create / lane-delete as one word, e.g. an action's command input).</summary>
public static class LaneCommand
{
    public static IReadOnlyList<StepDefinition> All { get; } = [LaneCreateStep.Definition, LaneDeleteStep.Definition];

    public static StepDefinition? Find(string? sub) => All.FirstOrDefault(s => s.Name == sub || s.Name == $"lane-{sub}");
}
