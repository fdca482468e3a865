using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Graylane.LocalCluster.Controllers;

/// <summary>
/// The simulated kubelet's per-container state machine, with the states and Events a real kubelet shows:
/// Pull → Run (healthy); Pull → PullFailed ⇄ PullBackOff (ErrImagePull / ImagePullBackOff);
/// Pull → Crash → Crash… (CrashLoopBackOff with a growing restartCount); with graylane.io/crash-after, Pull → Run →
/// Exit → Restart → Exit… (ready for that long after each start, then CrashLoopBackOff). Time is compressed: every step
/// takes PodReadyDelay and back-offs double from there, while messages quote the real back-off (10s, 20s…).
/// </summary>
internal sealed class ContainerLifecycle(EventRecorder events, TimeSpan delay)
{
    private static readonly TimeSpan MinimumBackOff = TimeSpan.FromMilliseconds(50);

    /// <summary>Steps that end in a steady state; the open-ended back-off loops are not "settling".</summary>
    public static bool IsSettling(ContainerRecord c) => c.NextStep switch
    {
        ContainerStep.Pull or ContainerStep.Run => true,
        ContainerStep.PullFailed or ContainerStep.Crash => c.Attempts == 0,
        ContainerStep.PullBackOff => c.Attempts == 1,
        _ => false,
    };

    public void Apply(ContainerRecord c, JsonObject pod, DateTimeOffset now)
    {
        var step = c.NextStep;
        var field = $"spec.containers{{{c.Name}}}";
        switch (step)
        {
            case ContainerStep.Pull:
                events.Normal(pod, "Pulling", $"Pulling image \"{c.Image}\"", "kubelet", field);
                Schedule(c, c.Fault switch
                {
                    ContainerFault.ImagePullFailure => ContainerStep.PullFailed,
                    ContainerFault.CrashLoop => ContainerStep.Crash,
                    _ => ContainerStep.Run,
                }, now + delay);
                break;

            case ContainerStep.Run:
                PullSucceeded(c, pod, field);
                goto case ContainerStep.Restart;

            case ContainerStep.Restart:
                StartContainer(c, pod, field);
                c.State = new JsonObject { ["running"] = new JsonObject { ["startedAt"] = Json.Timestamp(now) } };
                c.Ready = true;
                c.Started = true;
                c.NextStep = null;
                if (c.CrashAfter is { } after) Schedule(c, ContainerStep.Exit, now + after);
                break;

            case ContainerStep.Exit:
                c.Attempts++;
                var started = (string?)c.State["running"]?["startedAt"] ?? Json.Timestamp(now);
                var crashed = $"{Json.Name(pod)}_{Json.Namespace(pod)}({Json.Uid(pod)})";
                events.Warning(pod, "BackOff", $"Back-off restarting failed container {c.Name} in pod {crashed}", "kubelet", field);
                c.LastState = new JsonObject
                {
                    ["terminated"] = new JsonObject
                    {
                        ["exitCode"] = 1, ["reason"] = "Error", ["startedAt"] = started, ["finishedAt"] = Json.Timestamp(now),
                        ["containerID"] = c.ContainerId,
                    },
                };
                c.State = Waiting("CrashLoopBackOff", $"back-off {RealBackOff(c.Attempts)} restarting failed container={c.Name} pod={crashed}");
                c.RestartCount = c.Attempts;
                c.Ready = false;
                c.Started = false;
                Schedule(c, ContainerStep.Restart, now + BackOff(c.Attempts));
                break;

            case ContainerStep.PullFailed:
                c.Attempts++;
                if (c.Attempts > 1) events.Normal(pod, "Pulling", $"Pulling image \"{c.Image}\"", "kubelet", field);
                var error = $"rpc error: code = NotFound desc = failed to pull and unpack image \"{c.Image}\": not found";
                events.Warning(pod, "Failed", $"Failed to pull image \"{c.Image}\": {error}", "kubelet", field);
                events.Warning(pod, "Failed", "Error: ErrImagePull", "kubelet", field);
                c.State = Waiting("ErrImagePull", error);
                Schedule(c, ContainerStep.PullBackOff, now + delay);
                break;

            case ContainerStep.PullBackOff:
                // The real kubelet reports this BackOff as Normal; the Warning is the "Error: ImagePullBackOff" next to it.
                events.Normal(pod, "BackOff", $"Back-off pulling image \"{c.Image}\"", "kubelet", field);
                events.Warning(pod, "Failed", "Error: ImagePullBackOff", "kubelet", field);
                c.State = Waiting("ImagePullBackOff", $"Back-off pulling image \"{c.Image}\"");
                Schedule(c, ContainerStep.PullFailed, now + BackOff(c.Attempts));
                break;

            case ContainerStep.Crash:
                c.Attempts++;
                PullSucceeded(c, pod, field);
                StartContainer(c, pod, field);
                var podRef = $"{Json.Name(pod)}_{Json.Namespace(pod)}({Json.Uid(pod)})";
                events.Warning(pod, "BackOff", $"Back-off restarting failed container {c.Name} in pod {podRef}", "kubelet", field);
                c.LastState = new JsonObject
                {
                    ["terminated"] = new JsonObject
                    {
                        ["exitCode"] = 1,
                        ["reason"] = "Error",
                        ["startedAt"] = Json.Timestamp(now),
                        ["finishedAt"] = Json.Timestamp(now),
                        ["containerID"] = c.ContainerId,
                    },
                };
                c.State = Waiting("CrashLoopBackOff",
                    $"back-off {RealBackOff(c.Attempts)} restarting failed container={c.Name} pod={podRef}");
                c.RestartCount = c.Attempts;
                c.Ready = false;
                c.Started = false;
                Schedule(c, ContainerStep.Crash, now + BackOff(c.Attempts));
                break;
        }
    }

    private void PullSucceeded(ContainerRecord c, JsonObject pod, string field)
    {
        var message = c.Pulled
            ? $"Container image \"{c.Image}\" already present on machine"
            : $"Successfully pulled image \"{c.Image}\" in {delay.TotalMilliseconds:0}ms ({delay.TotalMilliseconds:0}ms including waiting)";
        events.Normal(pod, "Pulled", message, "kubelet", field);
        c.Pulled = true;
    }

    private void StartContainer(ContainerRecord c, JsonObject pod, string field)
    {
        c.ContainerId = "containerd://" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        events.Normal(pod, "Created", $"Created container: {c.Name}", "kubelet", field);
        events.Normal(pod, "Started", $"Started container {c.Name}", "kubelet", field);
    }

    public static string ImageId(string image) =>
        $"{image.Split('@')[0]}@sha256:{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(image)))}";

    private static void Schedule(ContainerRecord c, ContainerStep step, DateTimeOffset due)
    {
        c.NextStep = step;
        c.NextDue = due;
    }

    private static JsonObject Waiting(string reason, string message) =>
        new() { ["waiting"] = new JsonObject { ["reason"] = reason, ["message"] = message } };

    private TimeSpan BackOff(int attempts)
    {
        var unit = delay > MinimumBackOff ? delay : MinimumBackOff;
        return unit * Math.Pow(2, Math.Min(attempts - 1, 5));
    }

    /// <summary>The kubelet's back-off (10s doubling to 5m0s), in Go's duration spelling.</summary>
    private static string RealBackOff(int attempts)
    {
        var seconds = (int)Math.Min(10 * Math.Pow(2, Math.Max(attempts - 1, 0)), 300);
        return seconds < 60 ? $"{seconds}s" : $"{seconds / 60}m{seconds % 60}s";
    }
}
