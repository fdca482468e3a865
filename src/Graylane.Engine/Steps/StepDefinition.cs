using Graylane.Core.Hosting;

namespace Graylane.Engine.Steps;

/// <summary>A step as every host sees it: its name, what it does, its inputs and outputs, and how to run it.</summary>
public sealed record StepDefinition(
    string Name,
    string Description,
    IReadOnlyList<StepInput> Inputs,
    IReadOnlyList<(string Name, string Description)> Outputs,
    Func<StepContext, StepInputs, string, CancellationToken, Task> Run)
{
    /// <summary>
    /// The step talks to servers other than the cluster (GitHub, Azure DevOps, Prometheus), so it needs the system
    /// trust store even when the kubeconfig pins the cluster's CA; every other step leaves the store unread.
    /// </summary>
    public bool ReachesOtherServices { get; init; }

    /// <summary>As <see cref="ReachesOtherServices"/>, for a step that does so only with some inputs (shift-traffic with --gate).</summary>
    public Func<StepInputs, bool>? ReachesOtherServicesIf { get; init; }
}
