using System.Runtime.InteropServices;

namespace Graylane.Cli.LocalCluster;

/// <summary>
/// Turns SIGTERM (kill, docker stop, systemd, CI cancellation), SIGINT (Ctrl+C), SIGQUIT and SIGHUP into a cancellation
/// the sandbox stops on, cleanly and with exit code 0. SIGTERM matters most: a shell that starts the sandbox in the
/// background of a script ignores SIGINT for it, so SIGTERM is the only polite way to stop it there.
/// </summary>
internal sealed class StopSignals : IDisposable
{
    private readonly CancellationTokenSource _stop;
    private readonly List<PosixSignalRegistration> _registrations = new();

    public StopSignals(CancellationToken outer)
    {
        _stop = CancellationTokenSource.CreateLinkedTokenSource(outer);
        foreach (var signal in new[] { PosixSignal.SIGTERM, PosixSignal.SIGINT, PosixSignal.SIGQUIT, PosixSignal.SIGHUP })
        {
            try
            {
                _registrations.Add(PosixSignalRegistration.Create(signal, context =>
                {
                    context.Cancel = true; // no default termination: the sandbox shuts down on its own, then exits 0
                    Received ??= context.Signal;
                    _stop.Cancel();
                }));
            }
            catch (PlatformNotSupportedException) { } // e.g. SIGQUIT where the OS has no such signal
        }
    }

    public CancellationToken Token => _stop.Token;

    /// <summary>The signal that stopped the sandbox, if one did.</summary>
    public PosixSignal? Received { get; private set; }

    public void Dispose()
    {
        foreach (var r in _registrations) r.Dispose();
        _stop.Dispose();
    }
}
