using System.Globalization;
using System.Text.Json.Nodes;
using Graylane.Core.Json;
using Graylane.Core.Planning;
using Graylane.Kubernetes;

namespace Graylane.Engine.Records;

/// <summary>
/// Only one step at a time changes a release: a coordination.k8s.io Lease (graylane-&lt;app&gt;) names the holder
/// (who, which run, which step). Another step waits up to a bound, then fails naming the holder; a lease
/// left by a killed run is taken over once it expires. Renewed in the background while held.
/// </summary>
public sealed class ReleaseLease : IAsyncDisposable
{
    public static readonly TimeSpan Duration = TimeSpan.FromSeconds(60);
    private readonly StepContext _ctx;
    private readonly string _name;
    private readonly string _holder;
    private readonly CancellationTokenSource _stop = new();
    private Task? _renewal;
    private string? _resourceVersion;

    private ReleaseLease(StepContext ctx, string name, string holder)
    {
        _ctx = ctx;
        _name = name;
        _holder = holder;
    }

    public static string LeaseName(string app) => $"graylane-{app}";

    public static async Task<ReleaseLease> AcquireAsync(StepContext ctx, string app, TimeSpan wait, CancellationToken ct)
    {
        var holder = $"{ctx.Step} by {ctx.Host.Identity} [{Guid.NewGuid().ToString("N")[..8]}]";
        var lease = new ReleaseLease(ctx, LeaseName(app), holder);
        var deadline = ctx.Time.GetUtcNow() + wait;
        var announced = false;
        while (true)
        {
            var (acquired, current) = await lease.TryTakeAsync(ct);
            if (acquired)
            {
                lease._renewal = lease.RenewLoopAsync();
                return lease;
            }
            var other = (string?)current?["spec"]?["holderIdentity"] ?? "another step";
            if (ctx.Time.GetUtcNow() >= deadline)
                throw new ReleaseConflictException(
                    $"the release of {app} is being changed by {other} (Lease {ctx.Namespace}/{LeaseName(app)}); waited {Core.Validation.Durations.Format(wait)}. " +
                    $"Run this step again when it has finished; a lease of a killed run expires {Duration.TotalSeconds:0}s after its last renewal");
            if (!announced) ctx.Info($"Waiting for {other} to finish with the release of {app}");
            announced = true;
            await Task.Delay(TimeSpan.FromMilliseconds(500), ctx.Time, ct);
        }
    }

    /// <summary>Creates the lease, or takes it over when free or expired; returns the lease as found otherwise.</summary>
    private async Task<(bool, JsonObject?)> TryTakeAsync(CancellationToken ct)
    {
        var now = _ctx.Time.GetUtcNow();
        var current = await _ctx.Kube.GetAsync(KubeResource.Leases, _ctx.Namespace, _name, ct);
        try
        {
            if (current is null)
            {
                _resourceVersion = Obj.ResourceVersion(await _ctx.Kube.CreateAsync(KubeResource.Leases, _ctx.Namespace, Body(now, null), ct));
                return (true, null);
            }
            if (IsHeld(current, now)) return (false, current);
            _resourceVersion = Obj.ResourceVersion(await _ctx.Kube.ReplaceAsync(KubeResource.Leases, _ctx.Namespace, Body(now, Obj.ResourceVersion(current)), ct));
            _ctx.Info((string?)current["spec"]?["holderIdentity"] is { Length: > 0 } stale ? $"Took over the expired lease of {stale}" : "Took the release lease");
            return (true, null);
        }
        catch (KubeApiException ex) when (ex.IsConflict || ex.IsAlreadyExists)
        {
            return (false, await _ctx.Kube.GetAsync(KubeResource.Leases, _ctx.Namespace, _name, ct));
        }
    }

    private static bool IsHeld(JsonObject lease, DateTimeOffset now)
    {
        var holder = (string?)lease["spec"]?["holderIdentity"];
        if (string.IsNullOrEmpty(holder)) return false;
        var renewed = DateTimeOffset.TryParse((string?)lease["spec"]?["renewTime"], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : DateTimeOffset.MinValue;
        var seconds = Obj.Int(lease["spec"]?["leaseDurationSeconds"]) ?? (int)Duration.TotalSeconds;
        return renewed.AddSeconds(seconds) > now;
    }

    private JsonObject Body(DateTimeOffset now, string? resourceVersion)
    {
        var time = now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
        var meta = new JsonObject
        {
            ["name"] = _name,
            ["namespace"] = _ctx.Namespace,
            ["labels"] = new JsonObject { ["app.kubernetes.io/managed-by"] = "graylane" },
        };
        if (resourceVersion is not null) meta["resourceVersion"] = resourceVersion;
        return new JsonObject
        {
            ["apiVersion"] = "coordination.k8s.io/v1",
            ["kind"] = "Lease",
            ["metadata"] = meta,
            ["spec"] = new JsonObject
            {
                ["holderIdentity"] = _holder,
                ["leaseDurationSeconds"] = (int)Duration.TotalSeconds,
                ["acquireTime"] = time,
                ["renewTime"] = time,
            },
        };
    }

    private async Task RenewLoopAsync()
    {
        try
        {
            while (true)
            {
                // Real time: renewal keeps the lease alive for other clients, whatever clock the step runs on.
                await Task.Delay(Duration / 3, TimeProvider.System, _stop.Token);
                var renewed = await _ctx.Kube.ReplaceAsync(KubeResource.Leases, _ctx.Namespace, Body(_ctx.Time.GetUtcNow(), _resourceVersion), _stop.Token);
                _resourceVersion = Obj.ResourceVersion(renewed);
            }
        }
        catch (OperationCanceledException) { }
        catch (Exception ex) when (ex is KubeApiException or HttpRequestException)
        {
            _ctx.Warn($"could not renew the release lease: {ex.Message}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_renewal is not null) await _renewal;
        try
        {
            await _ctx.Kube.DeleteAsync(KubeResource.Leases, _ctx.Namespace, _name, _resourceVersion, CancellationToken.None);
        }
        catch (Exception ex) when (ex is KubeApiException or HttpRequestException)
        {
            // Someone took it over or the API is gone: it expires on its own.
        }
        _stop.Dispose();
    }
}
