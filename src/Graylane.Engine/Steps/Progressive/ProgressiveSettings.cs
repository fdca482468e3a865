using Graylane.Approvals.Gates;
using Graylane.Core.Hosting;
using Graylane.Core.Progressive;
using Graylane.Core.Validation;

namespace Graylane.Engine.Steps;

/// <summary>A progressive shift's inputs, checked before anything is read or written (exit 2 on bad input).</summary>
public sealed record ProgressiveSettings(
    IReadOnlyList<int> Steps,
    TimeSpan Interval,
    string OnFail,
    AnalysisGates Gates,
    IReadOnlyList<string> GateTexts,
    Uri? PrometheusUrl,
    string? PrometheusToken,
    int FailureLimit)
{
    /// <summary>What makes a re-run the same run: it resumes the recorded one instead of starting again.
    /// The gates are kept as a hash: a webhook URL may carry a token, and the record is a ConfigMap.</summary>
    public string Fingerprint =>
        $"steps={string.Join(",", Steps)};interval={(long)Interval.TotalMilliseconds}ms;on-fail={OnFail};failure-limit={FailureLimit};gates=" +
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(string.Join("\n", GateTexts))))[..16];

    public static ProgressiveSettings Parse(StepInputs inputs)
    {
        var stepsText = inputs.Require(ProgressiveInputs.Steps);
        if (inputs.Get("weight") is not null)
            throw new InvalidInputException("weight", "--weight and --steps cannot be combined: --steps 5,25,50,100 moves through the weights, --weight W moves once");
        var steps = WeightSteps.Parse(stepsText);
        var interval = inputs.Get(ProgressiveInputs.Interval) is { } i ? WeightSteps.Interval(i) : ProgressiveInputs.DefaultInterval;
        var onFail = (inputs.Get(ProgressiveInputs.OnFail) ?? "rollback").ToLowerInvariant();
        if (onFail is not ("rollback" or "stop"))
            throw new InvalidInputException(ProgressiveInputs.OnFail,
                $"--{ProgressiveInputs.OnFail} \"{KubeNames.Printable(onFail)}\" is not valid: use rollback (put everything back as the rollback step does) or stop (leave traffic where it is and fail)");
        var texts = inputs.List(ProgressiveInputs.Gate);
        var gates = AnalysisGates.Parse(texts);
        var url = inputs.Get(PrometheusClient.UrlInput) is { } text
            ? Uri.TryCreate(text, UriKind.Absolute, out var u) && u.Scheme is "http" or "https" ? u
                : throw new InvalidInputException(PrometheusClient.UrlInput, $"--{PrometheusClient.UrlInput} \"{KubeNames.Printable(text)}\" is not an http(s) URL, e.g. http://prometheus.monitoring:9090")
            : null;
        if (gates.NeedPrometheus && url is null)
            throw new InvalidInputException(PrometheusClient.UrlInput,
                "a metric --gate needs --prometheus-url: the Prometheus server to query (e.g. http://prometheus.monitoring:9090)");
        var token = inputs.Get(PrometheusClient.TokenInput);
        if (token is not null && token.Any(char.IsControl))
            throw new InvalidInputException(PrometheusClient.TokenInput, $"--{PrometheusClient.TokenInput} holds a line break or control character; give the token alone");
        var limit = inputs.Get(ProgressiveInputs.FailureLimit) is { } l ? Numbers.NonNegative(ProgressiveInputs.FailureLimit, l, 100) : 1;
        if (limit < 1) throw new InvalidInputException(ProgressiveInputs.FailureLimit, $"--{ProgressiveInputs.FailureLimit} must be at least 1");
        return new ProgressiveSettings(steps, interval, onFail, gates, texts, url, token, limit);
    }
}
