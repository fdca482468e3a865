using Graylane.Core.Planning;
using Graylane.Tests.Support;

namespace Graylane.Tests.Planning;

public class FailureDiagnosisTests
{
    [Fact]
    public void Image_pull_failure_names_the_image_and_the_registry_answer()
    {
        var pod = J.O("{'metadata':{'name':'web-v2-abc'},'status':{'containerStatuses':[{'name':'web','image':'web:nope','restartCount':0,'state':{'waiting':{'reason':'ImagePullBackOff','message':'Back-off pulling image \\\"web:nope\\\"'}}}]}}");
        var ev = J.O("{'type':'Warning','reason':'Failed','message':'Failed to pull image \\\"web:nope\\\": not found','involvedObject':{'name':'web-v2-abc'}}");
        var reasons = FailureDiagnosis.Explain([pod], [ev]);
        Assert.Contains(reasons, r => r.Contains("cannot pull image web:nope (ImagePullBackOff)"));
        Assert.Contains(reasons, r => r.Contains("event Failed on pod web-v2-abc: Failed to pull image"));
    }

    [Fact]
    public void Crash_loop_reports_restarts_and_exit_code()
    {
        var pod = J.O("{'metadata':{'name':'p'},'status':{'containerStatuses':[{'name':'web','restartCount':4,'state':{'waiting':{'reason':'CrashLoopBackOff'}},'lastState':{'terminated':{'exitCode':1}}}]}}");
        Assert.Contains("keeps crashing (CrashLoopBackOff, 4 restarts, last exit code 1)", Assert.Single(FailureDiagnosis.Explain([pod], [])));
    }

    [Fact]
    public void Unschedulable_pods_are_reported()
    {
        var pod = J.O("{'metadata':{'name':'p'},'status':{'conditions':[{'type':'PodScheduled','status':'False','reason':'Unschedulable','message':'0/1 nodes are available: 1 Insufficient cpu.'}]}}");
        Assert.Contains("cannot be scheduled (Unschedulable): 0/1 nodes are available: 1 Insufficient cpu.", Assert.Single(FailureDiagnosis.Explain([pod], [])));
    }

    [Fact]
    public void Events_of_other_pods_and_normal_events_are_ignored()
    {
        var pod = J.O("{'metadata':{'name':'p'},'status':{}}");
        var events = new[]
        {
            J.O("{'type':'Warning','reason':'Failed','message':'x','involvedObject':{'name':'other'}}"),
            J.O("{'type':'Normal','reason':'Pulled','message':'y','involvedObject':{'name':'p'}}"),
        };
        Assert.Empty(FailureDiagnosis.Explain([pod], events));
    }
}
