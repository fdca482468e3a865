namespace Graylane.Cli.LocalCluster;

/// <summary>One demo story: the app to seed, the service to sample, and the steps with the requests to show after each.</summary>
internal sealed record DemoScenario(string Name, string Title, string Yaml, string Baseline, string Service, int Samples, IReadOnlyList<DemoStep> Steps);

/// <summary>A step of the demo as a user would type it, and extra request headers to sample afterwards (e.g. a tester's header).</summary>
internal sealed record DemoStep(string Title, string[] Args, IReadOnlyDictionary<string, string>? SampleHeaders = null);
