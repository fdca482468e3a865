using System.Runtime.InteropServices;

namespace Graylane.Bench;

/// <summary>What the numbers were measured on.</summary>
public static class MachineFacts
{
    public static async Task<List<(string Name, string Value)>> ReadAsync(Tool? kubectl)
    {
        var facts = new List<(string, string)>
        {
            ("OS", RuntimeInformation.OSDescription.Trim()),
            ("CPU", Cpu() + $" ({Environment.ProcessorCount} logical processors, {RuntimeInformation.OSArchitecture})"),
            (".NET", RuntimeInformation.FrameworkDescription),
        };
        if (kubectl is not null)
        {
            var r = await ProcessTimer.RunAsync(kubectl, ["version", "--client"]);
            facts.Add(("kubectl", r.Output.Split('\n').FirstOrDefault(l => l.StartsWith("Client Version", StringComparison.Ordinal))?.Trim() ?? "unknown"));
        }
        return facts;
    }

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
