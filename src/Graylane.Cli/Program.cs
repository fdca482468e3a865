using System.Collections;
using Graylane.Cli;

// The single entry point every host runs: `graylane <command> [--flag value]...`.
// version and help print and exit before any start-up work (no environment copied, no signal handler, no async machinery):
// a CI job or a shell completion pays only for starting the process.
if (args is ["version" or "--version"])
{
    Console.Out.WriteLine(CommandDispatcher.VersionLine);
    return 0;
}
if (args is ["help" or "--help" or "-h"])
{
    Console.Out.Write(CommandDispatcher.Usage());
    return 0;
}

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
