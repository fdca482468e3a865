using System.Text;
using Graylane.Core.Hosting;

namespace Graylane.Tests.Support;

/// <summary>A host that takes inputs from a dictionary and records everything a step says.</summary>
public sealed class TestHost(IReadOnlyDictionary<string, string> inputs) : IStepHost
{
    public string Name => "test";
    public RunIdentity Identity { get; init; } = new("tester", "42", "https://ci.example/run/42");
    public Dictionary<string, string> Outputs { get; } = new();
    public StringBuilder Summary { get; } = new();
    public List<string> Lines { get; } = new();
    public List<string> Errors { get; } = new();
    public List<string> Warnings { get; } = new();

    public string? GetInput(string name) => inputs.TryGetValue(name, out var v) ? v : null;
    public void SetOutput(string name, string value) => Outputs[name] = value;
    public void AppendSummary(string markdown) => Summary.Append(markdown);
    public IDisposable Group(string title) { Lines.Add($"== {title}"); return new End(Lines); }
    public void Info(string message) => Lines.Add(message);
    public void Warning(string message) { Warnings.Add(message); Lines.Add("warning: " + message); }
    public void Error(string message) { Errors.Add(message); Lines.Add("error: " + message); }
    public void MaskSecret(string value) { }

    public string Log => string.Join("\n", Lines);

    private sealed class End(List<string> lines) : IDisposable
    {
        public void Dispose() => lines.Add("== end");
    }
}
