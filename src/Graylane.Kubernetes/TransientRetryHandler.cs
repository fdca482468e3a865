using System.Net;
using Polly;
using Polly.Retry;

namespace Graylane.Kubernetes;

/// <summary>
/// Retries what is safe to retry, with jittered exponential back-off (Polly): reads on 5xx, timeouts and
/// connection resets; any request on 429, which the server rejected before doing anything, after the
/// Retry-After it asked for. A write that failed mid-flight is NOT repeated here: it may have been applied,
/// so the caller re-reads the object and reconciles (see ObjectWriter and ReleaseStore).
/// </summary>
public sealed class TransientRetryHandler : DelegatingHandler
{
    private static readonly ResiliencePropertyKey<bool> Idempotent = new("graylane.idempotent");
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;

    public TransientRetryHandler(int maxRetries = 4, TimeSpan? baseDelay = null, TimeProvider? time = null)
    {
        _pipeline = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time ?? TimeProvider.System }
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = maxRetries,
                Delay = baseDelay ?? TimeSpan.FromMilliseconds(200),
                MaxDelay = TimeSpan.FromSeconds(10),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, args.Context.Properties.GetValue(Idempotent, false))),
                DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Result)),
            })
            .Build();
    }

    /// <summary>Retries the handler has made (for logs and tests).</summary>
    public int Retries { get; private set; }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Content is not null) await request.Content.LoadIntoBufferAsync(cancellationToken); // re-sendable
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(Idempotent, request.Method == HttpMethod.Get || request.Method == HttpMethod.Head);
        try
        {
            var attempt = 0;
            return await _pipeline.ExecuteAsync(async ctx =>
            {
                if (attempt++ > 0) Retries++;
                return await base.SendAsync(request, ctx.CancellationToken);
            }, context);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    internal static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, bool idempotent)
    {
        if (outcome.Exception is OperationCanceledException) return false;
        if (outcome.Exception is HttpRequestException or IOException or TimeoutException) return idempotent;
        var status = outcome.Result?.StatusCode;
        if (status == HttpStatusCode.TooManyRequests) return true;
        return idempotent && status is HttpStatusCode.InternalServerError or HttpStatusCode.BadGateway
            or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;
    }

    /// <summary>The server's Retry-After (seconds or a date), capped at 30 s; null = use the back-off.</summary>
    private static TimeSpan? RetryAfter(HttpResponseMessage? response)
    {
        var header = response?.Headers.RetryAfter;
        var wait = header?.Delta ?? (header?.Date is { } date ? date - DateTimeOffset.UtcNow : null);
        if (wait is null) return null;
        return wait < TimeSpan.Zero ? TimeSpan.Zero : wait > TimeSpan.FromSeconds(30) ? TimeSpan.FromSeconds(30) : wait;
    }
}
