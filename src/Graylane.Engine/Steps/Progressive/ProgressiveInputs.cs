using Graylane.Approvals.Gates;
using Graylane.Core.Hosting;
using Graylane.Core.Progressive;
using Graylane.Core.Validation;

namespace Graylane.Engine.Steps;

/// <summary>shift-traffic's inputs for a progressive shift (--steps), and the check that they are not given without it.</summary>
public static class ProgressiveInputs
{
    public const string Steps = WeightSteps.StepsInput;
    public const string Interval = WeightSteps.IntervalInput;
    public const string OnFail = "on-fail";
    public const string Gate = GateSpec.Input;
    public const string FailureLimit = "failure-limit";
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMinutes(2);

    public static IReadOnlyList<StepInput> All { get; } =
    [
        new(Steps, "Move traffic in steps, e.g. 5,25,50,100: each step waits --step-interval, is analysed (gray pods' health and every --gate), then the next follows; a re-run with the same inputs resumes at the step reached. Instead of --weight."),
        new(Interval, "With --steps: how long each step runs before it is analysed (1s to 24h). Default: 2m."),
        new(OnFail, "With --steps: what a failed analysis does — rollback (as the rollback step does) or stop (traffic stays, the step fails). Default: rollback."),
        new(Gate, "With --steps: a check at every step — success-rate:min=0.99 or latency-p99:max=500ms (expanded for the router), name=...;query=<PromQL>;min=...;max=..., or webhook=https://… (passes on a 2xx). One per line.", Repeatable: true),
        new(PrometheusClient.UrlInput, "With --steps and a metric --gate: the Prometheus server the gates query (e.g. http://prometheus.monitoring:9090)."),
        new(PrometheusClient.TokenInput, "Bearer token for Prometheus.", Secret: true),
        new(FailureLimit, "With --steps: consecutive failed analyses of a step that fail it (a gate under the limit is analysed again after another interval; a crashing pod fails at once). Default: 1."),
    ];

    /// <summary>Gates over http(s) mean the step reaches servers other than the cluster (it needs the system trust store).</summary>
    public static bool CallsOut(StepInputs inputs) => inputs.Get(Steps) is not null && inputs.List(Gate).Count > 0;

    /// <summary>The progressive inputs mean nothing without --steps: say so instead of ignoring them.</summary>
    public static void RefuseWithoutSteps(StepInputs inputs)
    {
        foreach (var name in new[] { Interval, OnFail, Gate, PrometheusClient.UrlInput, PrometheusClient.TokenInput, FailureLimit })
            if (inputs.Get(name) is not null)
                throw new InvalidInputException(name,
                    $"--{name} needs --steps (a progressive shift); for one analysed step give --steps <weight> instead of --weight");
    }
}
