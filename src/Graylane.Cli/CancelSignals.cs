using System.Runtime.InteropServices;

namespace Graylane.Cli;

/// <summary>
/// How a step is cancelled by its CI runner or a person. The GitHub runner sends SIGINT, then SIGTERM about 7.5 s later,
/// then SIGKILL; the Azure Pipelines agent sends SIGINT, then SIGTERM, then kills (docs/reliability.md). A container
/// action's process is PID 1, which gets no default signal handling from the kernel, so both are handled here:
/// the first signal cancels the step, which stops at its next safe point (between writes), gives its lease back,
/// records the interruption and exits 130 (SIGINT) or 143 (SIGTERM). A second signal exits at once, and a step that
/// has not stopped within <see cref="Bound"/> exits then anyway (as a kill would: every write is crash-safe).
/// </summary>
internal sealed class CancelSignals : IDisposable
{
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(5);
    private readonly CancellationTokenSource _cancel = new();
    private readonly List<PosixSignalRegistration> _registrations = [];
    private readonly TextWriter _stderr;
    private int _received;

    public CancelSignals(TextWriter stderr)
    {
        _stderr = stderr;
        foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM })
        {
            try
            {
                _registrations.Add(PosixSignalRegistration.Create(signal, On));
            }
            catch (PlatformNotSupportedException) { }
        }
    }

    public CancellationToken Token => _cancel.Token;

    /// <summary>The first signal received, if any.</summary>
    public PosixSignal? Received { get; private set; }

    public static int ExitCode(PosixSignal signal) => signal == PosixSignal.SIGTERM ? StepRunner.Terminated : StepRunner.Interrupted;

    private void On(PosixSignalContext context)
    {
        context.Cancel = true; // no default termination: the step stops at its next safe point
        var name = context.Signal == PosixSignal.SIGTERM ? "SIGTERM" : "SIGINT";
        if (Interlocked.Increment(ref _received) > 1)
        {
            _stderr.WriteLine($"graylane: {name} again: exiting now. The release stays as the last completed write left it; run the step again to continue or rollback to undo.");
            Environment.Exit(ExitCode(context.Signal));
        }
        Received = context.Signal;
        _stderr.WriteLine($"graylane: {name} received: stopping at the next safe point (a second signal exits at once)");
        var code = ExitCode(context.Signal);
        // Off the signal thread: cancellation runs the step's callbacks.
        ThreadPool.QueueUserWorkItem(_ => _cancel.Cancel());
        _ = Task.Delay(Bound).ContinueWith(_ =>
        {
            _stderr.WriteLine($"graylane: not stopped {Bound.TotalSeconds:0} s after {name} (a request did not return): exiting now, as a kill would. Run the step again to continue or rollback to undo.");
            Environment.Exit(code);
        }, TaskScheduler.Default);
    }

    public void Dispose()
    {
        foreach (var r in _registrations) r.Dispose();
        _cancel.Dispose();
    }
}
