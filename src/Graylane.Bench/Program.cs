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

var loadBefore = MachineFacts.LoadAverage();
var measurements = new List<Measurement>();
for (var run = 1; run <= options.Runs; run++)
{
    var watch = Stopwatch.StartNew();
    measurements.AddRange(await RunAllAsync());
    Console.WriteLine($"bench: run {run} took {watch.Elapsed.TotalSeconds:0.0} s");
}
// One more run for memory alone (see ProcessTimer): its times are not used.
if (ProcessTimer.CanMeasureMemory)
{
    ProcessTimer.MemoryPass = true;
    var watch = Stopwatch.StartNew();
    measurements.AddRange(await RunAllAsync());
    ProcessTimer.MemoryPass = false;
    Console.WriteLine($"bench: memory pass took {watch.Elapsed.TotalSeconds:0.0} s");
}
else Console.WriteLine($"bench: {ProcessTimer.GnuTime} (GNU time) not found; peak memory is not measured");

var facts = await MachineFacts.ReadAsync(kubectl, loadBefore);
var markdown = Report.Render(options, facts, aot, portable, stepBinary, kubectl, measurements, RequestTargets.Read(root), total.Elapsed);
Directory.CreateDirectory(Path.GetDirectoryName(options.OutputFile)!);
await File.WriteAllTextAsync(options.OutputFile, markdown);
Console.WriteLine($"bench: wrote {options.OutputFile} in {total.Elapsed.TotalSeconds:0.0} s");
return 0;

async Task<List<Measurement>> RunAllAsync()
{
    var all = new List<Measurement>();
    all.AddRange(await ColdStart.RunAsync(aot is null ? [portable] : [aot, portable], kubectl));
    all.AddRange(await GraylaneScenario.ServiceAsync(stepBinary));
    all.AddRange(await GraylaneScenario.IstioAsync(stepBinary));
    all.AddRange(await GraylaneScenario.LanesAsync(stepBinary));
    all.AddRange(await GraylaneScenario.GatewayApiAsync(stepBinary));
    all.AddRange(await GraylaneScenario.NginxAsync(stepBinary));
    all.AddRange(await GraylaneScenario.ReplicasAsync(stepBinary));
    if (kubectl is not null)
    {
        all.AddRange(await KubectlScenario.ServiceAsync(kubectl));
        all.AddRange(await KubectlScenario.IstioAsync(kubectl));
        all.AddRange(await KubectlScenario.LanesAsync(kubectl, stepBinary));
        all.AddRange(await KubectlScenario.GatewayApiAsync(kubectl, stepBinary));
        all.AddRange(await KubectlScenario.NginxAsync(kubectl, stepBinary));
    }
    return all;
}

static string FindRoot()
{
    foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Tasks.sln")))
                return dir.FullName;
    throw new InvalidOperationException("run from inside the repository (Tasks.sln not found)");
}
