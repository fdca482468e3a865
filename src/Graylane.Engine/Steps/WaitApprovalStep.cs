using Graylane.Approvals;
using Graylane.Approvals.Gates;
using Graylane.Core.Model;
using Graylane.Core.Planning;
using Graylane.Core.Validation;
using Graylane.Engine.Records;
using Graylane.Engine.Reporting;
using Graylane.Engine.Routing;

namespace Graylane.Engine.Steps;

/// <summary>
/// wait-approval: holds a release at a checkpoint until people approve (a GitHub issue or an Azure DevOps work
/// item) and/or metric gates pass. Approve continues, a deny or a failing gate rejects, the deadline times out;
/// each may roll back. In async mode it asks and returns, and a later --resume run decides — no runner is held.
/// Re-run at the same point it continues the open request instead of asking again.
/// </summary>
public static class WaitApprovalStep
{
    public const string Name = "wait-approval";

    /// <summary>
    /// The step as the binary runs it. The runner's variables (GITHUB_REPOSITORY, GITHUB_API_URL, GITHUB_TOKEN,
    /// SYSTEM_COLLECTIONURI, SYSTEM_TEAMPROJECT, SYSTEM_ACCESSTOKEN) are defaults of inputs, read
    /// from the host's environment (StepContext.Environment); tests pass their own to <see cref="Create"/>.
    /// </summary>
    public static StepDefinition Definition { get; } = Create(null);

    public static StepDefinition Create(Func<string, string?>? environment) => new(Name,
        "Hold the release until people approve (GitHub issue / Azure DevOps work item) and/or metric gates pass.",
        [
            .. CommonInputs.Connection,
            CommonInputs.App,
            new("provider", "Where people are asked: github (an issue), azure-devops (a work item) or none (metric gates only). Default: github under GitHub Actions, azure-devops under Azure Pipelines, else none."),
            new("approvers", "Who may approve: GitHub users and org/team teams (teams need a token with members: read), or Azure DevOps identities (user@example.com); comma or newline separated."),
            new("minimum-approvals", "How many distinct approvers must approve.", Default: "1"),
            new("exclude-initiator", "The person who started the run (GITHUB_ACTOR / Build.RequestedFor) may not approve.", IsSwitch: true),
            new("timeout", "How long to wait for a decision (e.g. 30m, 6h).", Default: "6h"),
            new("on-timeout", "What a timeout does: fail (the step fails, the release stays) or rollback.", Default: "fail"),
            new("on-reject", "What a deny or a rejecting gate does: fail or rollback.", Default: "fail"),
            new("poll-interval", "How often the comments are read (conditional requests: an unchanged answer costs no GitHub rate limit).", Default: "1m"),
            new("instructions", "Markdown shown to the approvers in the request (what to check, links to dashboards)."),
            new("approve-words", "Words that approve when a comment's first line starts with one (case-insensitive).", Default: ApprovalWords.DefaultApprove),
            new("deny-words", "Words that deny (one deny from an approver rejects).", Default: ApprovalWords.DefaultDeny),
            new("mode", "sync: wait in this step; async: open the request, record it and end with decision=pending — a workflow on issue_comment runs --resume.", Default: "sync"),
            new("resume", "Judge the comments of a recorded request (async mode) and finish it once decided.", IsSwitch: true),
            new("issue", "With --resume: the issue number (GitHub) or work item id (Azure DevOps). Default: the release's pending request."),
            new("repository", "owner/repo for the approval issue. Default: $GITHUB_REPOSITORY."),
            new("github-token", "GitHub token with issues: write (and members: read to expand teams). Default: $GITHUB_TOKEN.", Secret: true),
            new("github-api-url", "GitHub REST API base URL (GitHub Enterprise Server: https://host/api/v3). Default: $GITHUB_API_URL, else https://api.github.com."),
            new("azure-token", "Azure DevOps token with Work Items read & write. Default: $SYSTEM_ACCESSTOKEN.", Secret: true),
            new("gate", "A metric gate, name=...;query=<PromQL>;min=<number>;max=<number> ($namespace, $service, $app, $version, $baseline_version are filled in). One per line.", Repeatable: true),
            new("prometheus-url", "The Prometheus server the gates query (e.g. http://prometheus.monitoring:9090)."),
            new("prometheus-token", "Bearer token for Prometheus.", Secret: true),
            new("interval", "How often the gates are evaluated.", Default: "1m"),
            new("failure-limit", "Consecutive failed evaluations of one gate that reject.", Default: "3"),
            new("analysis-duration", "How long the gates must run without reaching the failure limit before they pass.", Default: "5m"),
        ],
        [
            ("decision", "approved | rejected | timed-out | pending."),
            ("approved-by", "Who approved, comma separated."),
            ("request-url", "The issue or work item that asked."),
            ("phase", "The release phase."),
        ],
        (ctx, inputs, app, ct) => RunAsync(ctx, inputs, app, environment ?? ctx.Environment, ct)) { ReachesOtherServices = true };

    private static async Task RunAsync(StepContext ctx, StepInputs inputs, string app, Func<string, string?> environment, CancellationToken ct)
    {
        var settings = WaitApprovalSettings.Parse(inputs, ctx.Host.Name, ctx.Host.Identity.Actor, environment);
        foreach (var secret in settings.Secrets) ctx.Host.MaskSecret(secret);
        if (ctx.Host.Name == "github-actions" && settings.Mode == "sync" && !settings.Resume && settings.Timeout > TimeSpan.FromHours(6))
            ctx.Warn($"--timeout {Durations.Format(settings.Timeout)} is longer than a GitHub-hosted job may run (6h); use --mode async so no runner waits (docs/approvals.md)");

        using var group = ctx.Host.Group($"{Name}: {app}");
        var store = new ReleaseStore(ctx.Kube, ctx.Namespace);
        await using var session = await store.OpenAsync(app, ct); // disposed on every path (approved, rejected, timed out, failed, cancelled)
        if (session.Record is not { } record || !record.Phase.InProgress())
            throw new ReleaseConflictException(session.Record is null
                ? $"no release of {app} found for {Name}; start one with deploy-gray (check --app and --namespace)"
                : $"the {session.Record.Describe()} has ended; there is nothing to approve");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        try
        {
            if (settings.Resume) await ResumeAsync(ctx, store, session, settings, http, ct);
            else await RequestAsync(ctx, store, session, settings, http, ct);
        }
        catch (ApprovalServiceException ex)
        {
            throw new StepFailedException(ex.Message);
        }
    }

    private static async Task RequestAsync(StepContext ctx, ReleaseStore store, ReleaseSession session, WaitApprovalSettings settings,
        HttpClient http, CancellationToken ct)
    {
        var record = session.Current;
        var checkpoint = $"{settings.Provider}:{record.Phase}@{record.Traffic.Weight}";
        var existing = record.Approvals.LastOrDefault(a => a.Checkpoint == checkpoint);
        if (existing is { Decision: ApprovalDecision.Approved })
        {
            ctx.Info($"Already approved at this point of the release: {existing.Outcome} Nothing to do.");
            await WaitApprovalReport.WriteAsync(ctx, record, existing, ct);
            return;
        }
        var continuing = existing is { Decision: ApprovalDecision.Pending, Number: not null };
        var channel = WaitApprovalChannels.Create(settings.Provider, continuing ? existing!.Location : null, settings, http, ctx);
        var board = WaitApprovalChannels.Gates(settings, record, http, ctx);
        if (board is not null)
        {
            ctx.Info($"Metric gates {string.Join(", ", settings.Gates.Select(g => $"{g.Name} ({g.Thresholds})"))} every {Durations.Format(settings.Interval)}; " +
                     GateBoard.Describe(settings.AnalysisDuration, settings.FailureLimit));
            await board.EvaluateAsync(ctx.Time.GetUtcNow(), first: true, ct);
        }

        ApprovalRecord approval;
        if (continuing)
        {
            approval = existing!;
            ctx.Info($"Continuing the approval request {approval.RequestUrl} (asked {approval.RequestedAt:u} by {approval.RequestedBy}, deadline {approval.Deadline:u})");
            if (settings.Mode == "async")
            {
                await WaitApprovalReport.WriteAsync(ctx, record, approval, ct);
                return;
            }
        }
        else
        {
            approval = NewApproval(ctx, settings, checkpoint);
            if (board?.Status == GateStatus.Rejected) channel = null;  // no point asking people: the gates already said no
            if (channel is null) approval.Provider = WaitApprovalSettings.None;
            else await OpenRequestAsync(ctx, session, channel, approval, settings, ct);
        }

        if (settings.Mode == "async")
        {
            ctx.Info($"Asked in {approval.RequestUrl}; this step ends now with decision=pending. A workflow on issue_comment runs `graylane {Name} --resume` to continue.");
            await WaitApprovalReport.WriteAsync(ctx, session.Current, approval, ct);
            return;
        }
        var result = await WaitApprovalLoop.RunAsync(ctx, approval, channel, board, settings.PollInterval, settings.Interval, ct);
        await WaitApprovalOutcome.FinishAsync(ctx, store, session.App, approval, result, board, channel, ct);
    }

    private static ApprovalRecord NewApproval(StepContext ctx, WaitApprovalSettings s, string checkpoint)
    {
        var now = ctx.Time.GetUtcNow();
        return new ApprovalRecord
        {
            Provider = s.Provider,
            Mode = s.Mode,
            Checkpoint = checkpoint,
            Decision = ApprovalDecision.Pending,
            RequestedAt = now,
            RequestedBy = ctx.Host.Identity.Actor,
            Deadline = now + s.Timeout,
            Approvers = s.Approvers.Select(a => a.ToString()).ToList(),
            MinimumApprovals = s.MinimumApprovals,
            ExcludeInitiator = s.ExcludeInitiator,
            ApproveWords = [.. s.Words.Approve],
            DenyWords = [.. s.Words.Deny],
            OnReject = s.OnReject,
            OnTimeout = s.OnTimeout,
        };
    }

    /// <summary>Expands the approvers, checks enough of them can approve, opens the request and records it before waiting.</summary>
    private static async Task OpenRequestAsync(StepContext ctx, ReleaseSession session, IApprovalChannel channel, ApprovalRecord approval,
        WaitApprovalSettings settings, CancellationToken ct)
    {
        var record = session.Current;
        var eligible = (await channel.ExpandAsync(settings.Approvers, ct)).ToList();
        var initiator = approval.RequestedBy;
        var excluded = settings.ExcludeInitiator && eligible.RemoveAll(e => string.Equals(e, initiator, StringComparison.OrdinalIgnoreCase)) > 0;
        if (excluded) ctx.Info($"{initiator} started this run and may not approve it (--exclude-initiator)");
        if (eligible.Count < settings.MinimumApprovals)
            throw new InvalidInputException("minimum-approvals",
                $"--minimum-approvals {settings.MinimumApprovals} is more than the {eligible.Count} people who could approve ({string.Join(", ", eligible)})" +
                (excluded ? $"; the initiator {initiator} is excluded" : ""));
        approval.Eligible = eligible;

        var split = await RouterRegistry.Create(record.Router).ReadAsync(ctx, record, ct);
        var words = settings.Words;
        var request = new ApprovalRequest(
            $"Graylane: approve {record.App} {record.BaselineVersion} → {record.GrayVersion} in {record.Namespace}",
            [
                ("App", $"{record.App} in namespace {record.Namespace}"),
                ("Versions", $"baseline {record.BaselineVersion} → gray {record.GrayVersion}"),
                ("Current split", ReleaseReport.Line(split)),
                ("Phase", record.Phase.ToString()),
                ("Run", ctx.Host.Identity.RunUrl ?? ctx.Host.Identity.RunId ?? "-"),
                ("Started by", $"{record.StartedBy} at {record.StartedAt:u}"),
                ("Answer by", $"{approval.Deadline:u} ({Durations.Format(settings.Timeout)}); then it {(settings.OnTimeout == "rollback" ? "is rolled back" : "fails")}"),
            ],
            settings.Instructions,
            $"Comment **{words.Approve[0]}** ({string.Join(", ", words.Approve)}) to approve or **{words.Deny[0]}** ({string.Join(", ", words.Deny)}) to stop the release" +
            $"{(settings.OnReject == "rollback" ? " and roll it back" : "")}; only a comment's first line counts. " +
            $"{approval.MinimumApprovals} distinct approval(s) needed from: {string.Join(", ", eligible)}" +
            $"{(excluded ? $" ({initiator} started the run and may not approve)" : "")}. One deny stops the release.",
            settings.Approvers,
            eligible,
            RequestMarker(record, approval.Checkpoint));
        // A run that opened the request and stopped before recording it left it open: continue that one, never open a second.
        var ticket = await channel.FindOpenAsync(request.Marker, ct);
        if (ticket is not null)
            ctx.Info($"Found the open request {ticket.Url} for this checkpoint (opened by a run that stopped before recording it); continuing it");
        ticket ??= await channel.OpenAsync(request, ct);
        approval.Number = ticket.Number;
        approval.RequestUrl = ticket.Url;
        approval.Location = channel.Location;
        record.Approvals.Add(approval);
        session.AddHistory(Name, ctx.Host.Identity, ctx.Time.GetUtcNow(), $"approval requested in {ticket.Url}: {approval.MinimumApprovals} of {string.Join(", ", eligible)}");
        await session.SaveAsync(ct);
        ctx.Info($"Asked for approval: {ticket.Url} ({approval.MinimumApprovals} of {string.Join(", ", eligible)}, deadline {approval.Deadline:u})");
    }

    private static async Task ResumeAsync(StepContext ctx, ReleaseStore store, ReleaseSession session, WaitApprovalSettings settings,
        HttpClient http, CancellationToken ct)
    {
        var record = session.Current;
        var approval = settings.Issue is { } n
            ? record.Approvals.LastOrDefault(a => a.Number == n && a.Provider != WaitApprovalSettings.None)
            : record.Approvals.LastOrDefault(a => a.Decision == ApprovalDecision.Pending && a.Number is not null);
        if (approval is null)
            throw new ReleaseConflictException(settings.Issue is { } x
                ? $"the release of {record.App} in {record.Namespace} has no approval request #{x}; check --issue, --app and --namespace"
                : $"the release of {record.App} in {record.Namespace} has no pending approval request; nothing to resume");
        if (approval.Decision != ApprovalDecision.Pending)
        {
            ctx.Info($"Already decided: {approval.Outcome}");
            await WaitApprovalReport.WriteAsync(ctx, record, approval, ct);
            return;
        }
        var channel = WaitApprovalChannels.Create(approval.Provider, approval.Location, settings, http, ctx)!;
        var number = approval.Number!.Value;
        if (!await channel.HasMarkerAsync(number, Marker(record), ct))
            throw new ReleaseConflictException($"request {approval.RequestUrl} does not name the release of {record.App} in namespace {record.Namespace}; it was not opened by this release");
        var tally = await WaitApprovalLoop.PollAsync(ctx, approval, channel, new ApprovalTally(ApprovalDecision.Pending, [], []), ct);
        var decision = tally.Decision == ApprovalDecision.Pending && ctx.Time.GetUtcNow() >= approval.Deadline ? ApprovalDecision.TimedOut : tally.Decision;
        if (decision == ApprovalDecision.Pending)
        {
            ctx.Info($"Still waiting: {tally.ApprovedBy.Count} of {approval.MinimumApprovals} approvals" +
                     $"{(tally.ApprovedBy.Count > 0 ? $" ({string.Join(", ", tally.ApprovedBy)})" : "")}; deadline {approval.Deadline:u}");
            await WaitApprovalReport.WriteAsync(ctx, record, approval, ct);
            return;
        }
        await WaitApprovalOutcome.FinishAsync(ctx, store, session.App, approval, new WaitApprovalResult(decision, tally, null), null, channel, ct);
    }

    /// <summary>Names the release in the request's text, so --resume can tell the request belongs to it.</summary>
    public static string Marker(ReleaseRecord record) => $"graylane-approval namespace={record.Namespace} app={record.App}";

    /// <summary>The marker a request carries: the release (its gray version and start) and the checkpoint, so a re-run finds it.</summary>
    public static string RequestMarker(ReleaseRecord record, string checkpoint) =>
        $"{Marker(record)} version={record.GrayVersion} started={record.StartedAt.ToUnixTimeSeconds()} checkpoint={checkpoint}";
}
