using Graylane.Core.Planning;
using Graylane.Tests.Support;

namespace Graylane.Tests.Planning;

public class RolloutEvaluatorTests
{
    private static RolloutState Eval(string status, int generation = 2, int replicas = 2) =>
        RolloutEvaluator.Evaluate(J.O($"{{'metadata':{{'generation':{generation}}},'spec':{{'replicas':{replicas}}},'status':{status}}}"));

    [Fact]
    public void Ready_when_all_updated_replicas_are_available() =>
        Assert.Equal(RolloutPhase.Ready, Eval("{'observedGeneration':2,'replicas':2,'updatedReplicas':2,'availableReplicas':2,'readyReplicas':2}").Phase);

    [Fact]
    public void Not_ready_until_the_controller_observed_the_generation() =>
        Assert.Equal(RolloutPhase.Progressing, Eval("{'observedGeneration':1,'replicas':2,'updatedReplicas':2,'availableReplicas':2}").Phase);

    [Theory]
    [InlineData("{'observedGeneration':2,'replicas':2,'updatedReplicas':1,'availableReplicas':2}", "1 of 2 pods updated")]
    [InlineData("{'observedGeneration':2,'replicas':3,'updatedReplicas':2,'availableReplicas':2}", "1 old pods pending termination")]
    [InlineData("{'observedGeneration':2,'replicas':2,'updatedReplicas':2,'availableReplicas':1}", "1 of 2 updated pods available")]
    public void Progress_messages_say_what_is_missing(string status, string message)
    {
        var state = Eval(status);
        Assert.Equal(RolloutPhase.Progressing, state.Phase);
        Assert.Equal(message, state.Message);
    }

    [Fact]
    public void Progress_deadline_exceeded_fails()
    {
        var state = Eval("{'observedGeneration':2,'conditions':[{'type':'Progressing','status':'False','reason':'ProgressDeadlineExceeded','message':'ReplicaSet \\\"x\\\" has timed out progressing.'}]}");
        Assert.Equal(RolloutPhase.Failed, state.Phase);
        Assert.Contains("timed out progressing", state.Message);
    }
}
