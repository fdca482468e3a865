using System.Diagnostics;
using Graylane.Bench;

// The published measurements: graylane's cold start (Native AOT vs framework-dependent) and its steps side by side
// with the kubectl commands pipelines use instead, all on the local cluster in one run, written to docs/benchmarks.md.
var root = FindRoot();
BenchOptions options;
try
{
    options = BenchOptions.Parse(args, root);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

var total = Stopwatch.StartNew();
var aot = Tools.Aot(root);
var portable = Tools.FrameworkDependent(root);
var kubectl = Tools.Kubectl();
var stepBinary = aot ?? portable;
Console.WriteLine($"bench: {options.Runs} run(s); steps with {stepBinary.Detail}; kubectl: {kubectl?.File ?? "not found"}");

var measurements = new List<Measurement>();
for (var run = 1; run <= options.Runs; run++)
{
    var watch = Stopwatch.StartNew();
    measurements.AddRange(await ColdStart.RunAsync(aot is null ? [portable] : [aot, portable]));
    measurements.AddRange(await GraylaneScenario.ServiceAsync(stepBinary));
    measurements.AddRange(await GraylaneScenario.IstioAsync(stepBinary));
    if (kubectl is not null)
    {
        measurements.AddRange(await KubectlScenario.ServiceAsync(kubectl));
        measurements.AddRange(await KubectlScenario.IstioAsync(kubectl));
    }
    Console.WriteLine($"bench: run {run} took {watch.Elapsed.TotalSeconds:0.0} s");
}

var facts = await MachineFacts.ReadAsync(kubectl);
var markdown = Report.Render(options, facts, aot, portable, stepBinary, kubectl, measurements, total.Elapsed);
Directory.CreateDirectory(Path.GetDirectoryName(options.OutputFile)!);
await File.WriteAllTextAsync(options.OutputFile, markdown);
Console.WriteLine($"bench: wrote {options.OutputFile} in {total.Elapsed.TotalSeconds:0.0} s");
return 0;

static string FindRoot()
{
    foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Tasks.sln")))
                return dir.FullName;
    throw new InvalidOperationException("run from inside the repository (Tasks.sln not found)");
}
