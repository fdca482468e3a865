using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Graylane.Core.Model;
using Graylane.Core.Validation;

namespace Graylane.Approvals.Gates;

/// <summary>
/// --gate webhook=https://…: POSTs the release context at each analysis and passes on a 2xx — Flagger's webhook
/// contract (name, namespace, phase, metadata), so load testers and custom checks written for Flagger plug in.
/// </summary>
public sealed record WebhookGate(Uri Url)
{
    public const string Prefix = "webhook=";

    /// <summary>The gate's name in logs and the summary: the URL without its query (which may hold a token).</summary>
    public string Name => "webhook " + Url.GetLeftPart(UriPartial.Path);

    public static bool Looks(string text) => text.TrimStart().StartsWith(Prefix, StringComparison.OrdinalIgnoreCase);

    public static WebhookGate Parse(string text)
    {
        var url = text.Trim()[Prefix.Length..].Trim();
        if (!Uri.TryCreate(url, UriKind.Absolute, out var u) || u.Scheme is not ("http" or "https"))
            throw new InvalidInputException(GateSpec.Input,
                $"--gate webhook=\"{KubeNames.Printable(Shown(url))}\" is not an http(s) URL; e.g. webhook=http://loadtester.test/gate/check");
        return new WebhookGate(u);
    }

    /// <summary>Calls the webhook once: a 2xx passes; any other answer, or none, fails with what came back.</summary>
    public async Task<GateEvaluation> CallAsync(HttpClient http, WebhookPayload payload, DateTimeOffset now, CancellationToken ct)
    {
        var eval = new GateEvaluation { Gate = Name, Time = now };
        using var request = new HttpRequestMessage(HttpMethod.Post, Url);
        request.Content = new StringContent(JsonSerializer.Serialize(payload, WebhookJson.Default.WebhookPayload), Encoding.UTF8);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        try
        {
            using var response = await http.SendAsync(request, ct);
            var code = (int)response.StatusCode;
            eval.Value = code;
            eval.Passed = response.IsSuccessStatusCode;
            var body = (await response.Content.ReadAsStringAsync(ct)).Trim();
            if (body.Length > 200) body = body[..200] + "…";
            eval.Message = eval.Passed ? $"answered {code}" : $"answered {code}{(body.Length > 0 ? $": {body}" : "")}";
        }
        catch (HttpRequestException ex)
        {
            eval.Message = $"cannot reach {Url.GetLeftPart(UriPartial.Authority)}: {ex.Message}";
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            eval.Message = $"{Url.GetLeftPart(UriPartial.Authority)} did not answer in time";
        }
        return eval;
    }

    private static string Shown(string url) => url.Split('?')[0];
}
