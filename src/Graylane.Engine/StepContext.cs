using Graylane.Core.Hosting;
using Graylane.Kubernetes;

namespace Graylane.Engine;

/// <summary>What every step works with: the cluster, the host (logs, outputs, summary), the namespace and a clock.</summary>
public sealed class StepContext(string step, KubeApi kube, IStepHost host, string ns, TimeProvider? time = null)
{
    public string Step { get; } = step;
    public KubeApi Kube { get; } = kube;
    public IStepHost Host { get; } = host;
    public string Namespace { get; } = ns;
    public TimeProvider Time { get; } = time ?? TimeProvider.System;

    /// <summary>The host's environment variables (GITHUB_TOKEN, SYSTEM_ACCESSTOKEN…), handed down by the program: the engine never reads the process environment.</summary>
    public Func<string, string?> Environment { get; init; } = _ => null;

    /// <summary>Standard input, read whole (deploy-gray --manifests -), handed down by the program like the environment.</summary>
    public Func<string> StandardInput { get; init; } = () => "";

    /// <summary>What relative paths in file inputs (--manifests) are relative to; null: the process's current directory.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>How long to wait for another step of the same release to finish before giving up.</summary>
    public TimeSpan LockWait { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long to wait for pods a step starts to become ready (--timeout), e.g. when a router scales a version up.</summary>
    public TimeSpan ReadyTimeout { get; init; } = TimeSpan.FromMinutes(10);

    public void Info(string message) => Host.Info(message);
    public void Warn(string message) => Host.Warning($"[{Step}] {message}");
}
