using Graylane.Tests.Support;
using Xunit.Abstractions;

namespace Graylane.Tests.Reliability;

/// <summary>The real graylane process killed (SIGKILL) and cancelled (SIGTERM) at every write position of the service router's release.</summary>
public class ServiceRouterProcessMatrixTests(ITestOutputHelper output) : ServiceRouterRelease(output)
{
    /// <summary>SIGKILL and SIGTERM cases in one pool: one test, so they share its parallelism.</summary>
    [Fact]
    public Task The_real_process_killed_or_sent_sigterm_at_every_write_position() =>
        RunProcessMatrixAsync(GraylaneProcess.SIGKILL, GraylaneProcess.SIGTERM);
}
