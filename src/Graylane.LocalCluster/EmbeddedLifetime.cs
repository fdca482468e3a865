using Microsoft.Extensions.Hosting;

namespace Graylane.LocalCluster;

/// <summary>
/// The web host's lifetime when embedded: it installs no signal handlers. The default console lifetime swallows
/// SIGTERM and SIGINT to stop only the web host, which left `graylane sandbox` (and test processes) running after a
/// kill; whoever embeds the cluster decides what a signal means and disposes the server.
/// </summary>
internal sealed class EmbeddedLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
