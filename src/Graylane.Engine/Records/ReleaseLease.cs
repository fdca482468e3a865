using System.Globalization;
using System.Text.Json.Nodes;
using Graylane.Core.Json;
using Graylane.Core.Planning;
using Graylane.Kubernetes;

namespace Graylane.Engine.Records;

/// <summary>
/// Only one step at a time changes a release: a coordination.k8s.io Lease (graylane-&lt;app&gt;) names the holder
/// (who, which run, which step). Another step waits up to a bound, then fails naming the holder; a lease
/// left by a killed run is taken over once it expires. Renewed in the background while held; while held it guards
/// every write of the step (KubeApi.WriteGuard): once it is lost (taken over, or not renewed before it would expire)
/// the step's next write fails naming the other holder, so two writers never interleave.
/// </summary>
public sealed class ReleaseLease : IAsyncDisposable
{
    /// <summary>The default lease duration; GRAYLANE_LEASE_SECONDS (5–3600) sets another.</summary>
    public static readonly TimeSpan Duration = TimeSpan.FromSeconds(60);
    public const string DurationVariable = "GRAYLANE_LEASE_SECONDS";
    private readonly StepContext _ctx;
    private readonly string _name;
    private readonly string _holder;
    private readonly TimeSpan _duration;
    private readonly CancellationTokenSource _stop = new();
    private Task? _renewal;
    private string? _resourceVersion;
    // Local monotonic time (ms) after which the lease may have expired for others: no write of ours after it.
    private long _validUntil;
    private string? _lost;
    private readonly Func<KubeResource, string?, Exception?> _guard;

    private ReleaseLease(StepContext ctx, string name, string holder)
    {
        _ctx = ctx;
        _name = name;
        _holder = holder;
        _duration = DurationOf(ctx);
        _guard = Guard;
    }

    private static TimeSpan DurationOf(StepContext ctx) =>
        int.TryParse(ctx.Environment(DurationVariable), NumberStyles.None, CultureInfo.InvariantCulture, out var s) && s is >= 5 and <= 3600
            ? TimeSpan.FromSeconds(s) : Duration;

    /// <summary>Why the lease no longer protects this step's writes, or null while it does.</summary>
    public string? Lost => _lost ?? (Environment.TickCount64 > Volatile.Read(ref _validUntil)
        ? $"the release lease {_ctx.Namespace}/{_name} was not renewed within {_duration.TotalSeconds:0}s, so another step may hold it now"
        : null);

    private void Renewed() => Volatile.Write(ref _validUntil, Environment.TickCount64 + (long)(_duration * 0.8).TotalMilliseconds);

    /// <summary>The step's writes go ahead only while the lease holds (its own renewals and release aside).</summary>
    private Exception? Guard(KubeResource resource, string? name)
    {
        if (resource == KubeResource.Leases && name == _name) return null;
        return Lost is { } why
            ? new Steps.StepFailedException($"{why}; stopped before changing anything more. Check the release's status, then run this step again")
            : null;
    }

    public static string LeaseName(string app) => $"graylane-{app}";

    /// <summary>The step had to wait for another holder (so the release may have changed meanwhile).</summary>
    public bool Waited { get; private set; }

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
                lease.Waited = announced;
                lease.Renewed();
                ctx.Kube.WriteGuard = lease._guard;
                lease._renewal = lease.RenewLoopAsync();
                return lease;
            }
            var other = (string?)current?["spec"]?["holderIdentity"] ?? "another step";
            if (ctx.Time.GetUtcNow() >= deadline)
                throw new ReleaseConflictException(
                    $"the release of {app} is being changed by {other} (Lease {ctx.Namespace}/{LeaseName(app)}); waited {Core.Validation.Durations.Format(wait)}. " +
                    $"Run this step again when it has finished; a lease of a killed run expires {lease._duration.TotalSeconds:0}s after its last renewal", busy: true);
            if (!announced) ctx.Info($"Waiting for {other} to finish with the release of {app}");
            announced = true;
            await Task.Delay(TimeSpan.FromMilliseconds(500), ctx.Time, ct);
        }
    }

    /// <summary>
    /// Creates the lease (no read first: a free release has none), or, when one exists, takes it over if it is free or
    /// expired; returns the lease as found otherwise.
    /// </summary>
    private async Task<(bool, JsonObject?)> TryTakeAsync(CancellationToken ct)
    {
        var now = _ctx.Time.GetUtcNow();
        try
        {
            _resourceVersion = Obj.ResourceVersion(await _ctx.Kube.CreateAsync(KubeResource.Leases, _ctx.Namespace, Body(now, null), ct));
            return (true, null);
        }
        catch (KubeApiException ex) when (ex.IsAlreadyExists) { }
        var current = await _ctx.Kube.GetAsync(KubeResource.Leases, _ctx.Namespace, _name, ct);
        try
        {
            if (current is null) // released just now: create it
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
                ["leaseDurationSeconds"] = (int)_duration.TotalSeconds,
                ["acquireTime"] = time,
                ["renewTime"] = time,
            },
        };
    }

    /// <summary>
    /// Renews every third of the duration (real time: renewal keeps the lease alive for other clients, whatever clock the
    /// step runs on). A failed renewal is tried again sooner; a lease someone else took over, or one not renewed in time,
    /// is lost: the guard then stops the step's next write.
    /// </summary>
    private async Task RenewLoopAsync()
    {
        var wait = _duration / 3;
        try
        {
            while (_lost is null)
            {
                await Task.Delay(wait, TimeProvider.System, _stop.Token);
                try
                {
                    var renewed = await _ctx.Kube.ReplaceAsync(KubeResource.Leases, _ctx.Namespace, Body(_ctx.Time.GetUtcNow(), _resourceVersion), _stop.Token);
                    _resourceVersion = Obj.ResourceVersion(renewed);
                    Renewed();
                    wait = _duration / 3;
                }
                catch (KubeApiException ex) when (ex.IsConflict || ex.IsNotFound)
                {
                    var now = await TryGetAsync();
                    var other = (string?)now?["spec"]?["holderIdentity"];
                    _lost = other is { Length: > 0 } && other != _holder
                        ? $"the release lease {_ctx.Namespace}/{_name} was taken over by {other}"
                        : $"the release lease {_ctx.Namespace}/{_name} was {(now is null ? "deleted" : "changed")} by someone else";
                    _ctx.Warn($"{_lost}; this step stops before its next change");
                }
                catch (Exception ex) when (ex is KubeApiException or HttpRequestException)
                {
                    _ctx.Warn($"could not renew the release lease: {ex.Message}; trying again");
                    wait = _duration / 10;
                }
            }
        }
        catch (OperationCanceledException) { }
    }

    private async Task<JsonObject?> TryGetAsync()
    {
        try
        {
            return await _ctx.Kube.GetAsync(KubeResource.Leases, _ctx.Namespace, _name, _stop.Token);
        }
        catch (Exception ex) when (ex is KubeApiException or HttpRequestException)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_renewal is not null) await _renewal;
        if (_ctx.Kube.WriteGuard == _guard) _ctx.Kube.WriteGuard = null;
        if (_lost is not null)
        {
            _stop.Dispose();
            return; // someone else's now
        }
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
