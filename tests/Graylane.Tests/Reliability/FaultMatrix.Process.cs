using System.Collections.Concurrent;
using System.Diagnostics;
using Graylane.Engine.Steps;
using Graylane.Tests.Support;

namespace Graylane.Tests.Reliability;

/// <summary>
/// The real OS kill and the real SIGTERM: the real graylane binary runs the step; the local cluster carries out its N-th
/// write and holds the answer back while the test signals the process.
/// - SIGKILL: the process dies with the write landed and unanswered (exit 137), its lease left behind.
/// - SIGTERM: once the step says it took the signal, the answer is let through; the step must stop at its next safe point
///   (no "exiting now": the 5 s bound's forced exit was not needed), give its lease back, say it was cancelled and exit 143
///   — or exit 0 having really finished, when the held write was its last one.
/// Then, from that point: every sampled request is served; the step run again ends exactly where a fault-free run ends; a
/// rollback after that restores every object, in every namespace, as it was before the release.
/// The state before the step is prepared in process (the earlier steps run in the test); only the faulted step is the
/// real binary. Cases run several at a time, each with its own local cluster and process.
/// </summary>
public abstract partial class FaultMatrix
{
    /// <summary>They wait on the process, the cluster's controllers and pod start-up more than they use the CPU.</summary>
    private const int ProcessCasesAtOnce = 4;

    private sealed record ProcessCase(int Signal, int Step, int Write, string Outcome, TimeSpan SignalToExit);

    /// <summary>
    /// Every write position of every step of the release, the real process sent each of the signals there: all cases in one
    /// pool, ProcessCasesAtOnce at a time.
    /// </summary>
    protected async Task RunProcessMatrixAsync(params int[] signals)
    {
        var pristine = await StartAsync(0);
        var before = State(pristine, withRecord: false);
        await pristine.DisposeAsync();
        var faultFree = await Task.WhenAll(Enumerable.Range(0, Release.Length).Select(FaultFreeAsync));
        for (var i = 0; i < Release.Length; i++)
            Assert.True(faultFree[i].Writes > 0, $"{Release[i].Step} wrote nothing fault-free: there is no write position to fault");

        var cases = (from signal in signals
                     from i in Enumerable.Range(0, Release.Length)
                     from n in Enumerable.Range(1, faultFree[i].Writes)
                     select (Signal: signal, Step: i, Write: n)).ToList();
        var done = new ConcurrentBag<ProcessCase>();
        var failures = new ConcurrentBag<string>();
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(cases, new ParallelOptions { MaxDegreeOfParallelism = ProcessCasesAtOnce }, async (k, _) =>
        {
            var at = $"{SignalName(k.Signal)} at write {k.Write} of {Release[k.Step].Step}";
            try
            {
                done.Add(await ProcessCaseAsync(k.Step, k.Write, k.Signal, at, faultFree[k.Step].State, before));
            }
            catch (Exception e)
            {
                failures.Add($"{at}: {e.Message}");
            }
        });
        // Every failing case is reported, not only the first.
        Assert.True(failures.IsEmpty, $"{failures.Count} of {cases.Count} cases failed:\n\n" + string.Join("\n\n", failures));
        Assert.Equal(cases.Count, done.Count);
        foreach (var signal in signals)
            for (var i = 0; i < Release.Length; i++)
            {
                var mine = done.Where(d => d.Signal == signal && d.Step == i).ToList();
                var outcomes = string.Join(", ", mine.GroupBy(d => d.Outcome).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Count()} {g.Key}"));
                Output.WriteLine($"process matrix {GetType().Name} / {Release[i].Step} / {SignalName(signal)}: {faultFree[i].Writes} write positions ({outcomes}); " +
                                 $"signal to exit at most {mine.Max(d => d.SignalToExit).TotalSeconds:0.0} s");
            }
        Output.WriteLine($"process matrix {GetType().Name}: {cases.Count} cases in {clock.Elapsed.TotalSeconds:0} s, {ProcessCasesAtOnce} at a time");
    }

    private static string SignalName(int signal) => signal == GraylaneProcess.SIGKILL ? "SIGKILL" : "SIGTERM";

    private async Task<ProcessCase> ProcessCaseAsync(int stepIndex, int write, int signal, string at, string expected, string before)
    {
        var (step, inputs) = Release[stepIndex];
        await using var c = await StartAsync(stepIndex);
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var answer = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var rule = c.Server.Faults.Add(new LocalCluster.FaultRule
        {
            WritesOnly = true, Nth = write,
            BeforeReply = async () => { reached.TrySetResult(); await answer.Task; },
        });
        var timeout = StepCatalog.Find(step)!.Inputs.Any(i => i.Name == "timeout") ? new[] { "--timeout", "20s" } : [];
        string[] args = [step, "--kubeconfig", c.Kubeconfig, "--lock-wait", "0s", .. timeout, .. inputs.Select(i => $"--{i.Item1}={i.Item2}")];
        string outcome;
        TimeSpan signalToExit;
        try
        {
            await using var p = GraylaneProcess.Start(asPid1: false, null, args);
            await Task.WhenAny(reached.Task, p.WaitAsync(TimeSpan.FromSeconds(120)));
            Assert.True(reached.Task.IsCompleted, $"the step never made that write\n{p.Output}");
            var clock = Stopwatch.StartNew();
            GraylaneProcess.Signal(p.GraylanePid(asPid1: false), signal);
            if (signal == GraylaneProcess.SIGTERM)
            {
                // The signal is taken (the step is cancelled) while the write is in flight; then its answer arrives.
                for (var i = 0; i < 600 && !p.Output.Contains("SIGTERM received") && !p.HasExited; i++) await Task.Delay(50);
                answer.TrySetResult();
            }
            var code = await p.WaitAsync(TimeSpan.FromSeconds(60));
            signalToExit = clock.Elapsed;
            Assert.Equal(1, rule.Fired);
            if (signal == GraylaneProcess.SIGKILL)
            {
                Assert.True(code == 137, $"exit {code}\n{p.Output}");
                outcome = "killed";
            }
            else if (code == 0)
            {
                Assert.True(expected == State(c, withRecord: true), $"exit 0 but not finished\n{p.Output}");
                outcome = "finished (the held write was its last)";
            }
            else
            {
                Assert.True(code == 143, $"exit {code}\n{p.Output}");
                Assert.Contains("was cancelled (SIGTERM)", p.Output);
                Assert.DoesNotContain("exiting now", p.Output); // a safe point, not the bound's forced exit 5 s after the signal
                Assert.Null(c.Server.Get("coordination.k8s.io/v1", "Lease", "default", $"graylane-{AppName}"));
                outcome = "stopped at a safe point";
            }
        }
        finally
        {
            answer.TrySetResult();
            c.Server.Faults.Clear();
        }
        await ExpectServedAsync(c, at);

        await ExpireLeaseAsync(c);
        var (rerun, host) = await c.RunAsync(step, [.. inputs, ("lock-wait", "0s")]);
        Assert.True(rerun == 0, $"re-run: {host.Log}");
        var state = State(c, withRecord: true);
        Assert.True(expected == state, $"the re-run ended in\n{state}\ninstead of\n{expected}\n{host.Log}");
        await ExpectServedAsync(c, $"re-run after {at}");
        var (rc, rh) = await c.RunAsync("rollback", ("app", AppName), ("lock-wait", "0s"));
        Assert.True(rc == 0, $"rollback after the re-run: {rh.Log}");
        var after = State(c, withRecord: false);
        Assert.True(before == after, $"rollback after the re-run left\n{after}\ninstead of\n{before}\n{rh.Log}");
        return new ProcessCase(signal, stepIndex, write, outcome, signalToExit);
    }
}
