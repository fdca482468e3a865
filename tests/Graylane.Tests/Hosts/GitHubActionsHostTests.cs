using System.Text.RegularExpressions;
using Graylane.Cli.Hosts;

namespace Graylane.Tests.Hosts;

public sealed class GitHubActionsHostTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly StringWriter _out = new();
    private readonly StringWriter _err = new();

    public void Dispose() => _dir.Dispose();

    private GitHubActionsHost Host(Dictionary<string, string> env, params string[] args)
    {
        env.TryAdd("GITHUB_ACTIONS", "true");
        env.TryAdd("GITHUB_OUTPUT", _dir.File("output"));
        env.TryAdd("GITHUB_STEP_SUMMARY", _dir.File("summary"));
        return (GitHubActionsHost)HostFactory.Create(TestSteps.Command, TestSteps.Inputs, args, env, _out, _err);
    }

    private RunnerLog Log => RunnerLog.Read(_out.ToString());

    [Theory]
    [InlineData("scale-down-delay", "INPUT_SCALE-DOWN-DELAY")]
    [InlineData("app", "INPUT_APP")]
    [InlineData("my input", "INPUT_MY_INPUT")]
    public void Input_variable_names_follow_the_runner(string name, string variable) =>
        Assert.Equal(variable, GitHubActionsHost.InputVariable(name));

    [Fact]
    public void Reads_inputs_trimmed_with_hyphens_kept_and_empty_as_absent()
    {
        var host = Host(TestSteps.Env(
            ("INPUT_SCALE-DOWN-DELAY", "  45s \n"),
            ("INPUT_SCALEDOWNDELAY", "wrong"),
            ("INPUT_APP", ""),
            ("INPUT_SERVICE", "   "),
            ("INPUT_MATCH", "x-user=beta\ncookie:gray=1")));

        Assert.Equal("45s", host.GetInput("scale-down-delay"));
        Assert.Null(host.GetInput("app"));
        Assert.Null(host.GetInput("service"));
        Assert.Equal("x-user=beta\ncookie:gray=1", host.GetInput("match"));
    }

    [Fact]
    public void An_alias_is_read_from_its_own_variable() =>
        Assert.Equal("20", Host(TestSteps.Env(("INPUT_PERCENT", "20"))).GetInput("weight"));

    [Fact]
    public void Command_line_flags_win_over_INPUT_variables()
    {
        var host = Host(TestSteps.Env(("INPUT_WEIGHT", "20"), ("INPUT_APP", "shop")), "--weight", "30");
        Assert.Equal("30", host.GetInput("weight"));
        Assert.Equal("shop", host.GetInput("app"));
    }

    [Fact]
    public void Asking_for_an_undeclared_input_is_a_bug() =>
        Assert.Throws<ArgumentException>(() => Host(TestSteps.Env()).GetInput("nope"));

    [Fact]
    public void Outputs_are_heredocs_the_runner_reads_back_exactly()
    {
        var host = Host(TestSteps.Env());
        var tricky = "line one\nname=forged\nother<<EOF\nEOF\n\ntrailing % and :: and ##[x]";
        host.SetOutput("gray-image", "shop:v2");
        host.SetOutput("report", tricky);
        host.SetOutput("empty", "");

        var content = File.ReadAllText(_dir.File("output"));
        var outputs = RunnerOutputFile.Parse(content);
        Assert.Equal(
            [new("gray-image", "shop:v2"), new("report", tricky), new("empty", "")],
            outputs);
        Assert.Matches(new Regex(@"^gray-image<<ghadelimiter_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\nshop:v2\nghadelimiter_"), content);
        Assert.DoesNotContain("\r", content);

        var delimiters = Regex.Matches(content, "<<(ghadelimiter_[^\n]+)\n").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(3, delimiters.Distinct().Count());
    }

    [Fact]
    public void Outputs_append_to_what_earlier_steps_wrote()
    {
        File.WriteAllText(_dir.File("output"), "earlier=1\n");
        Host(TestSteps.Env()).SetOutput("later", "2");
        Assert.Equal([new("earlier", "1"), new("later", "2")], RunnerOutputFile.Parse(File.ReadAllText(_dir.File("output"))));
    }

    [Fact]
    public void Without_GITHUB_OUTPUT_setting_an_output_fails_instead_of_using_set_output()
    {
        var env = TestSteps.Env(("GITHUB_OUTPUT", ""));
        var host = Host(env);
        var e = Assert.Throws<InvalidOperationException>(() => host.SetOutput("x", "y"));
        Assert.Contains("GITHUB_OUTPUT is not set", e.Message);
        Assert.DoesNotContain("set-output", _out.ToString());
    }

    [Theory]
    [InlineData("a\nb")]
    [InlineData("a\rb")]
    [InlineData("a=b")]
    [InlineData("a<<b")]
    [InlineData("")]
    public void Output_names_that_would_confuse_the_runner_are_refused(string name) =>
        Assert.Throws<ArgumentException>(() => Host(TestSteps.Env()).SetOutput(name, "v"));

    [Fact]
    public void A_value_containing_the_delimiter_is_refused()
    {
        var delimiter = GitHubOutputFile.NewDelimiter();
        Assert.Throws<ArgumentException>(() => GitHubOutputFile.Format("x", $"a\n{delimiter}\nb", delimiter));
        Assert.Throws<ArgumentException>(() => GitHubOutputFile.Format("x" + delimiter, "v", delimiter));
    }

    [Fact]
    public void Summary_is_appended_to_the_step_summary_file()
    {
        File.WriteAllText(_dir.File("summary"), "# Earlier step\n");
        var host = Host(TestSteps.Env(("INPUT_TOKEN", "tok-123456")));
        host.AppendSummary("## Gray deployed");
        host.AppendSummary("| weight | 20 |\n| token | tok-123456 |\n");

        Assert.Equal("# Earlier step\n## Gray deployed\n| weight | 20 |\n| token | *** |\n", File.ReadAllText(_dir.File("summary")));
    }

    [Fact]
    public void Secret_inputs_and_kubeconfig_credentials_are_masked_before_anything_else()
    {
        var host = Host(TestSteps.Env(("INPUT_TOKEN", "tok-123456"), ("INPUT_KUBECONFIG", TestSteps.Kubeconfig)));
        host.Info("starting");
        using (host.Group("phase"))
            host.Warning("careful");

        var lines = TestSteps.Lines(_out);
        Assert.Equal(
            new[] { "::add-mask::tok-123456", "::add-mask::" + TestSteps.KubeconfigToken }.Order(),
            lines.TakeWhile(l => l.StartsWith("::add-mask::")).Order());
        Assert.Equal(2, lines.Count(l => l.StartsWith("::add-mask::")));
        Assert.Equal(new[] { "tok-123456", TestSteps.KubeconfigToken }.Order(), Log.Masks.Order());
        // The kubeconfig itself is not masked line by line: ordinary lines stay readable.
        Assert.DoesNotContain("kind: Config", Log.Masks);
    }

    [Fact]
    public void Each_line_of_a_multi_line_secret_is_masked_separately()
    {
        var host = Host(TestSteps.Env());
        host.MaskSecret("-----BEGIN KEY-----\r\nAAAA1111\n\n  \nBBBB2222\n");
        host.MaskSecret("AAAA1111"); // already known: not announced again

        Assert.Equal(["-----BEGIN KEY-----", "AAAA1111", "BBBB2222"], Log.Masks);
        Assert.DoesNotContain(Log.Masks, m => m.Contains('\n'));
    }

    [Fact]
    public void Mask_values_are_escaped_so_the_runner_registers_them_exactly()
    {
        Host(TestSteps.Env()).MaskSecret("p%0Ass");
        Assert.Equal("::add-mask::p%250Ass", TestSteps.Lines(_out).Single());
        Assert.Equal(["p%0Ass"], Log.Masks);
    }

    [Fact]
    public void Masked_values_never_reach_the_log()
    {
        var host = Host(TestSteps.Env(("INPUT_KUBECONFIG", TestSteps.Kubeconfig)));
        host.Info($"token is {TestSteps.KubeconfigToken}");
        host.Error($"failed with {TestSteps.KubeconfigToken}");

        var log = _out.ToString();
        Assert.Single(Regex.Matches(log, Regex.Escape(TestSteps.KubeconfigToken))); // only in ::add-mask::
        Assert.Contains("token is ***", Log.PlainLines);
        Assert.Contains(Log.Commands, c => c.Name == "error" && c.Data == "failed with ***");
    }

    [Theory]
    [InlineData("::set-output name=x::forged")]
    [InlineData("   ::add-mask::nothing")]
    [InlineData("::stop-commands::abc")]
    [InlineData("pod said ##[set-output name=x]forged")]
    [InlineData("first line\n::error::forged")]
    public void User_text_is_never_run_as_a_workflow_command(string text)
    {
        var host = Host(TestSteps.Env());
        host.Info(text);
        host.Info("after");

        var log = Log;
        var commands = log.Commands.Where(c => c.Name != "stop-commands").ToList();
        Assert.Empty(commands);
        foreach (var line in text.Split('\n'))
            Assert.Contains(line, log.PlainLines);
        Assert.Equal("after", log.PlainLines[^1]);
    }

    [Fact]
    public void The_runner_model_would_have_run_the_raw_text() =>
        // Guards the test above: without neutralising, these lines are commands.
        Assert.Equal(["set-output", "add-mask", "set-output"],
            RunnerLog.Read("::set-output name=x::forged\n  ::add-mask::a\npod said ##[set-output name=x]y\n").Commands.Select(c => c.Name));

    [Fact]
    public void Plain_lines_are_written_as_is()
    {
        Host(TestSteps.Env()).Info("weight 20% :: ok\nsecond");
        Assert.Equal(["weight 20% :: ok", "second"], TestSteps.Lines(_out));
    }

    [Fact]
    public void Errors_and_warnings_escape_data_so_they_stay_one_command()
    {
        var host = Host(TestSteps.Env());
        host.Error("50% done\r\nthen ::warning::forged");
        host.Warning("two\nlines");

        Assert.Equal(["::error::50%25 done%0D%0Athen ::warning::forged", "::warning::two%0Alines"], TestSteps.Lines(_out));
        Assert.Equal([("error", "50% done\r\nthen ::warning::forged"), ("warning", "two\nlines")], Log.Commands.Select(c => (c.Name, c.Data)));
    }

    [Fact]
    public void Notice_title_is_escaped_as_a_property()
    {
        Host(TestSteps.Env()).Notice("promoted", "shop: v2, 100%");
        Assert.Equal("::notice title=shop%3A v2%2C 100%25::promoted", TestSteps.Lines(_out).Single());
    }

    [Fact]
    public void Groups_open_and_close_once()
    {
        var host = Host(TestSteps.Env());
        var group = host.Group("Shift traffic\nto 20%");
        host.Info("inside");
        group.Dispose();
        group.Dispose();

        Assert.Equal(["::group::Shift traffic%0Ato 20%25", "inside", "::endgroup::"], TestSteps.Lines(_out));
    }

    [Fact]
    public void Identity_links_to_the_run_and_its_attempt()
    {
        var env = TestSteps.Env(
            ("GITHUB_ACTOR", "octocat"), ("GITHUB_RUN_ID", "123"), ("GITHUB_SERVER_URL", "https://github.example"),
            ("GITHUB_REPOSITORY", "acme/shop"), ("GITHUB_RUN_ATTEMPT", "2"));
        var identity = Host(env).Identity;
        Assert.Equal("octocat", identity.Actor);
        Assert.Equal("123", identity.RunId);
        Assert.Equal("https://github.example/acme/shop/actions/runs/123/attempts/2", identity.RunUrl);

        env["GITHUB_RUN_ATTEMPT"] = "1";
        Assert.Equal("https://github.example/acme/shop/actions/runs/123", Host(env).Identity.RunUrl);
    }

    [Fact]
    public void Complete_reports_a_failure_as_an_error()
    {
        Host(TestSteps.Env()).Complete(false, "rollout stuck");
        Assert.Equal("::error::rollout stuck", TestSteps.Lines(_out).Single());
    }
}
