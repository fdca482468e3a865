using System.Collections;
using Graylane.Cli;

// The single entry point every host runs: `graylane <command> [--flag value]...`.
// The environment is read here, once, and handed down, so everything below is testable without it.
var environment = new Dictionary<string, string>(StringComparer.Ordinal);
foreach (DictionaryEntry e in Environment.GetEnvironmentVariables())
    environment[(string)e.Key] = (string?)e.Value ?? "";

if (args is ["sandbox" or "demo", ..])
{
    // The local cluster handles its own stop signals (LocalCluster/StopSignals).
    using var cancel = new CancellationTokenSource();
    Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
    return await CommandDispatcher.RunAsync(args, environment, Console.Out, Console.Error, cancel.Token);
}
// A step: SIGINT/SIGTERM cancel it, and it stops at its next safe point (CancelSignals).
using var signals = new CancelSignals(Console.Error);
return await CommandDispatcher.RunAsync(args, environment, Console.Out, Console.Error, signals.Token, signal: () => signals.Received);
