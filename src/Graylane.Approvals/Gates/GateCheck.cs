using Graylane.Core.Model;
using Graylane.Core.Validation;

namespace Graylane.Approvals.Gates;

/// <summary>
/// One evaluation of one metric gate, shared by wait-approval's gates and shift-traffic --steps' analysis. A query
/// Prometheus itself rejects is bad input; Prometheus out of reach on the first evaluation ends the step before any
/// decision (ApprovalServiceException), later it counts as a failure.
/// </summary>
public static class GateCheck
{
    public static async Task<GateEvaluation> EvaluateAsync(GateSpec gate, PrometheusClient prometheus, IReadOnlyDictionary<string, string> variables,
        DateTimeOffset now, bool first, CancellationToken ct)
    {
        var eval = new GateEvaluation { Gate = gate.Name, Time = now };
        try
        {
            var value = await prometheus.QueryAsync(gate.Render(variables), ct);
            eval.Value = double.IsFinite(value) ? value : null;
            (eval.Passed, eval.Message) = gate.Check(value);
        }
        catch (PrometheusQueryException ex) when (ex.BadQuery)
        {
            throw new InvalidInputException(GateSpec.Input, $"--gate {gate.Name}: Prometheus rejected the query: {ex.Message}");
        }
        catch (PrometheusQueryException ex)
        {
            eval.Message = ex.Message;
        }
        catch (ApprovalServiceException ex) when (!first && ex.Transient)
        {
            eval.Message = ex.Message;
        }
        catch (ApprovalServiceException ex)
        {
            throw new ApprovalServiceException($"{ex.Message} (--{PrometheusClient.UrlInput}); no decision was made", transient: false);
        }
        return eval;
    }
}
