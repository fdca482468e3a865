using Graylane.Tests.Steps;
using Xunit.Abstractions;

namespace Graylane.Tests.Reliability;

/// <summary>The fault matrix for an app labelled app: web only: the Service pinned by pod-template-hash, switched, rolled back.</summary>
public class UnlabelledAppFaultMatrixTests(ITestOutputHelper output) : FaultMatrix(output)
{
    protected override string Seed => UnlabelledAppTests.Web;
    protected override string Baseline => "web";
    protected override string Service => "web";
    protected override (string Step, (string, string)[] Inputs)[] Release =>
    [
        ("deploy-gray", [("service", "web"), ("image", "nginx:1.27"), ("version", "v2")]),
        ("shift-traffic", [("app", "web"), ("weight", "100")]),
        ("promote", [("app", "web")]),
        ("rollback", [("app", "web"), ("reason", "test")]),
    ];

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public Task Every_write_position(int step) => RunMatrixAsync(step);
}
