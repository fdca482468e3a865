using System.Runtime.InteropServices;

namespace Graylane.Bench;

/// <summary>What the numbers were measured on.</summary>
public static class MachineFacts
{
    public static async Task<List<(string Name, string Value)>> ReadAsync(Tool? kubectl, string loadBefore)
    {
        var facts = new List<(string, string)>
        {
            ("OS", RuntimeInformation.OSDescription.Trim() + $" (kernel {Environment.OSVersion.Version})"),
            ("CPU", Cpu() + $" ({Environment.ProcessorCount} logical processors, {RuntimeInformation.OSArchitecture})"),
            ("Memory", Memory()),
            ("Load average (1, 5, 15 min) before / after the run", $"{loadBefore} / {LoadAverage()} — other work on the machine slows both tools alike"),
            (".NET", RuntimeInformation.FrameworkDescription),
        };
        if (kubectl is not null)
        {
            var r = await ProcessTimer.RunAsync(kubectl, ["version", "--client"]);
            facts.Add(("kubectl", r.Output.Split('\n').FirstOrDefault(l => l.StartsWith("Client Version", StringComparison.Ordinal))?.Trim() ?? "unknown"));
        }
        return facts;
    }

    /// <summary>The 1, 5 and 15 minute load averages (the kernel's /proc/loadavg, a machine fact and not a repository file; "unknown" where the OS has none).</summary>
    public static string LoadAverage()
    {
        try { return string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)); }
        catch (IOException) { return "unknown"; }
        catch (UnauthorizedAccessException) { return "unknown"; }
    }

    // The machine's memory from the runtime: the same on every OS, no file read.
    private static string Memory() =>
        $"{GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 1024.0 / 1024 / 1024:0.#} GiB";

    private static string Cpu()
    {
        try
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            return line is null ? "unknown" : line[(line.IndexOf(':') + 1)..].Trim();
        }
        catch (IOException) { return "unknown"; }
        catch (UnauthorizedAccessException) { return "unknown"; }
    }
}
