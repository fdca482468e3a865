using Graylane.Cli.Hosts;
using Graylane.Core.Hosting;

namespace Graylane.Tests.Hosts;

public class CliHostTests
{
    private readonly StringWriter _out = new();
    private readonly StringWriter _err = new();

    private CliHost Host(Dictionary<string, string> env, params string[] args) =>
        (CliHost)HostFactory.Create(TestSteps.Command, TestSteps.Inputs, args, env, _out, _err);

    [Fact]
    public void Inputs_come_only_from_flags()
    {
        var host = Host(TestSteps.Env(("INPUT_APP", "ignored")), "--service", "catalog");
        Assert.Null(host.GetInput("app"));
        Assert.Equal("catalog", host.GetInput("service"));
    }

    [Fact]
    public void Info_goes_to_stdout_and_problems_to_stderr_with_prefixes()
    {
        var host = Host(TestSteps.Env());
        using (host.Group("Deploy gray"))
            host.Info("created shop-gray");
        host.Warning("slow rollout");
        host.Error("probe failed");

        Assert.Equal("== Deploy gray ==\ncreated shop-gray\n", _out.ToString());
        Assert.Equal("warning: slow rollout\nerror: probe failed\n", _err.ToString());
    }

    [Fact]
    public void Outputs_are_printed_on_complete_with_multi_line_values_indented()
    {
        var host = Host(TestSteps.Env());
        host.SetOutput("gray-image", "shop:v1");
        host.SetOutput("routes", "x-user=beta\r\ncookie:gray=1");
        host.SetOutput("gray-image", "shop:v2");
        Assert.Empty(_out.ToString());

        host.Complete(true, "gray at 20%");

        Assert.Equal("gray-image=shop:v2\nroutes=x-user=beta\n  cookie:gray=1\ngray at 20%\n", _out.ToString());
        Assert.Equal([new("gray-image", "shop:v2"), new("routes", "x-user=beta\r\ncookie:gray=1")], host.Outputs);
    }

    [Fact]
    public void A_failed_complete_is_an_error_on_stderr()
    {
        Host(TestSteps.Env()).Complete(false, "rollout stuck");
        Assert.Equal("error: rollout stuck\n", _err.ToString());
    }

    [Fact]
    public void Secrets_are_masked_in_everything_written()
    {
        var host = Host(TestSteps.Env(), "--token", "tok-123456", "--kubeconfig", TestSteps.Kubeconfig);
        host.MaskSecret("multi-a\nmulti-b");
        using (host.Group("using tok-123456"))
        {
            host.Info("token tok-123456 and " + TestSteps.KubeconfigToken);
            host.Info("only multi-b printed");
            host.Warning("warn tok-123456");
            host.Error("err " + TestSteps.KubeconfigToken);
        }
        host.SetOutput("echo", "tok-123456");
        host.AppendSummary("summary multi-a");
        host.Complete(false, "failed with tok-123456");
        var summary = new StringWriter();
        host.WriteSummaryTo(summary);

        var everything = _out.ToString() + _err.ToString() + summary;
        Assert.DoesNotContain("tok-123456", everything);
        Assert.DoesNotContain(TestSteps.KubeconfigToken, everything);
        Assert.DoesNotContain("multi-", everything);
        Assert.Equal("== using *** ==\ntoken *** and ***\nonly *** printed\necho=***\n", _out.ToString());
        Assert.Equal("warning: warn ***\nerror: err ***\nerror: failed with ***\n", _err.ToString());
        Assert.Equal("summary ***\n", summary.ToString());
    }

    [Fact]
    public void A_secret_containing_another_is_masked_whole()
    {
        var host = Host(TestSteps.Env());
        host.MaskSecret("abc");
        host.MaskSecret("abcdef");
        host.Info("x abcdef y abc");
        Assert.Equal("x *** y ***\n", _out.ToString());
    }

    [Fact]
    public void Identity_is_the_local_user_without_a_run()
    {
        Assert.Equal(new RunIdentity("ada", null, null), Host(TestSteps.Env(("USER", "ada"), ("USERNAME", "other"))).Identity);
        Assert.Equal("bob", Host(TestSteps.Env(("USERNAME", "bob"))).Identity.Actor);
        Assert.Equal("unknown", Host(TestSteps.Env()).Identity.Actor);
        Assert.Equal("cli", Host(TestSteps.Env()).Name);
    }
}
