using Graylane.Tests.Manifests;

namespace Graylane.Tests.Workflows;

/// <summary>examples/repository: the app repository the manifest examples check out, and a cluster running its previous commit.</summary>
public static class ExampleRepository
{
    /// <summary>The greeting the production overlay sets (the previous commit's was "hello").</summary>
    public const string NewGreeting = "hello from production v2";

    /// <summary>The example app's repository (what actions/checkout fetches).</summary>
    public static string Path => RepositoryRoot.File(System.IO.Path.Combine("examples", "repository"));

    /// <summary>
    /// A cluster running what the previous commit held: the same overlay with the greeting "hello", applied with the
    /// real kubectl (so it carries kubectl's last-applied annotation, as users' clusters do).
    /// </summary>
    public static async Task<ExampleCluster> StartWithPreviousCommitAsync()
    {
        var cluster = await ExampleCluster.StartAsync("");
        var dir = Directory.CreateTempSubdirectory("graylane-example-").FullName;
        try
        {
            var (exit, rendered, error) = await Kubectl.RunAsync(cluster.Fixture.Kubeconfig, dir, "kustomize", System.IO.Path.Combine(Path, "deploy", "overlays", "production"));
            Assert.True(exit == 0, error);
            Assert.Contains(NewGreeting, rendered);
            var previous = System.IO.Path.Combine(dir, "previous.yaml");
            await File.WriteAllTextAsync(previous, rendered.Replace(NewGreeting, "hello"));
            (exit, _, error) = await Kubectl.RunAsync(cluster.Fixture.Kubeconfig, dir, "apply", "-f", previous);
            Assert.True(exit == 0, error);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
        await cluster.WaitReadyAsync("web");
        await cluster.Fixture.Server.WaitIdleAsync();
        return cluster;
    }
}
