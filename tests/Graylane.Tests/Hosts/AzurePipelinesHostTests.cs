using Graylane.Core.Validation;
using Graylane.Cli.Hosts;
using Graylane.Core.Hosting;

namespace Graylane.Tests.Hosts;

public sealed class AzurePipelinesHostTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly StringWriter _out = new();
    private readonly StringWriter _err = new();

    public void Dispose() => _dir.Dispose();

    private AzurePipelinesHost Host(Dictionary<string, string> env, params string[] args)
    {
        env.TryAdd("TF_BUILD", "True");
        env.TryAdd("AGENT_TEMPDIRECTORY", _dir.Path);
        return (AzurePipelinesHost)HostFactory.Create(TestSteps.Command, TestSteps.Inputs, args, env, _out, _err);
    }

    [Theory]
    [InlineData("scale-down-delay", "scaleDownDelay", "INPUT_SCALEDOWNDELAY")]
    [InlineData("app", "app", "INPUT_APP")]
    [InlineData("keep-on-failure", "keepOnFailure", "INPUT_KEEPONFAILURE")]
    [InlineData("http2-port", "http2Port", "INPUT_HTTP2PORT")]
    public void Input_names_map_both_ways(string kebab, string azure, string variable)
    {
        Assert.Equal(azure, AzureInputNames.AzureInputName(kebab));
        Assert.Equal(kebab, AzureInputNames.FromAzureInputName(azure));
        Assert.Equal(variable, AzureInputNames.EnvironmentVariable(kebab));
    }

    [Fact]
    public void Names_that_collide_or_do_not_round_trip_are_refused()
    {
        var collide = Assert.Throws<ArgumentException>(() =>
            AzureInputNames.CheckNames("x", [new StepInput("scale-down", "d"), new StepInput("scaledown", "d")]));
        Assert.Contains("INPUT_SCALEDOWN", collide.Message);
        Assert.Throws<ArgumentException>(() => AzureInputNames.CheckNames("x", [new StepInput("retry-5xx", "d")]));
        AzureInputNames.CheckNames("x", TestSteps.Inputs);
    }

    [Fact]
    public void Reads_inputs_from_upper_cased_camel_names_with_flags_winning()
    {
        var host = Host(TestSteps.Env(
            ("INPUT_SCALEDOWNDELAY", " 45s "),
            ("INPUT_SCALE-DOWN-DELAY", "wrong"),
            ("INPUT_APP", ""),
            ("INPUT_WEIGHT", "20")), "--weight=30");
        Assert.Equal("45s", host.GetInput("scale-down-delay"));
        Assert.Null(host.GetInput("app"));
        Assert.Equal("30", host.GetInput("weight"));
    }

    [Fact]
    public void Outputs_are_output_variables_under_the_camel_case_and_the_1_0_name_with_data_and_properties_escaped()
    {
        var host = Host(TestSteps.Env());
        host.SetOutput("gray-image", "100%\r\nnext; [x]");
        host.SetOutput("odd;name]", "v");

        Assert.Equal(
            [
                "##vso[task.setvariable variable=grayImage;isOutput=true]100%AZP25%0D%0Anext; [x]",
                "##vso[task.setvariable variable=gray-image;isOutput=true]100%AZP25%0D%0Anext; [x]",
                "##vso[task.setvariable variable=odd%3Bname%5D;isOutput=true]v",
            ],
            TestSteps.Lines(_out));
    }

    [Fact]
    public void Secrets_are_set_line_by_line_before_anything_else()
    {
        var host = Host(TestSteps.Env(("INPUT_TOKEN", "tok%123"), ("INPUT_KUBECONFIG", TestSteps.Kubeconfig)));
        host.MaskSecret("line-a\nline-b\n");
        host.Info("hello tok%123");

        Assert.Equal(
            [
                "##vso[task.setsecret]tok%AZP25123",
                "##vso[task.setsecret]" + TestSteps.KubeconfigToken,
                "##vso[task.setsecret]line-a",
                "##vso[task.setsecret]line-b",
                "hello ***",
            ],
            TestSteps.Lines(_out));
    }

    [Fact]
    public void Errors_warnings_and_groups()
    {
        var host = Host(TestSteps.Env());
        using (host.Group("Shift\ntraffic"))
        {
            host.Warning("slow; 50%");
            host.Error("failed]\nhard");
        }

        Assert.Equal(
            [
                "##[group]Shift traffic",
                "##vso[task.logissue type=warning]slow; 50%AZP25",
                "##vso[task.logissue type=error]failed]%0Ahard",
                "##[endgroup]",
            ],
            TestSteps.Lines(_out));
    }

    [Fact]
    public void Plain_lines_that_look_like_commands_are_neutralised()
    {
        Host(TestSteps.Env()).Info("pod: ##vso[task.setvariable variable=x]forged\n  ##[group]fake\n##VSO[task.complete result=Failed;]");
        var lines = TestSteps.Lines(_out);
        Assert.Equal(["pod: ##vso [task.setvariable variable=x]forged", "  ## [group]fake", "##vso [task.complete result=Failed;]"], lines);
        Assert.DoesNotContain(lines, l => l.Contains("##vso[", StringComparison.OrdinalIgnoreCase) || l.TrimStart().StartsWith("##["));
    }

    [Fact]
    public void Summary_is_uploaded_from_a_temp_markdown_file_on_complete()
    {
        var host = Host(TestSteps.Env(("INPUT_TOKEN", "tok-123456")));
        host.AppendSummary("## Gray deployed");
        host.AppendSummary("token tok-123456\n");
        Assert.Equal(["##vso[task.setsecret]tok-123456"], TestSteps.Lines(_out));

        host.Complete(true, "done: 20%");

        var lines = TestSteps.Lines(_out);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("##vso[task.uploadsummary]", lines[1]);
        var path = lines[1]["##vso[task.uploadsummary]".Length..];
        Assert.Equal(_dir.Path, Path.GetDirectoryName(path));
        Assert.EndsWith(".md", path);
        Assert.Equal("## Gray deployed\ntoken ***\n", File.ReadAllText(path));
        Assert.Equal("##vso[task.complete result=Succeeded;]done: 20%AZP25", lines[2]);
    }

    [Fact]
    public void Complete_without_summary_only_sets_the_result()
    {
        Host(TestSteps.Env()).Complete(false, "rollout stuck\nsee above");
        Assert.Equal(["##vso[task.complete result=Failed;]rollout stuck%0Asee above"], TestSteps.Lines(_out));
    }

    [Fact]
    public void Identity_links_to_the_build()
    {
        var identity = Host(TestSteps.Env(
            ("BUILD_REQUESTEDFOR", "Ada Lovelace"), ("BUILD_BUILDID", "42"),
            ("SYSTEM_COLLECTIONURI", "https://dev.example/acme/"), ("SYSTEM_TEAMPROJECT", "Shop Team"))).Identity;
        Assert.Equal(new RunIdentity("Ada Lovelace", "42", "https://dev.example/acme/Shop%20Team/_build/results?buildId=42"), identity);
    }

    [Fact]
    public void Service_connection_kubeconfig_is_returned_with_its_token_masked()
    {
        var env = TestSteps.Env(
            ("INPUT_KUBECONFIG", "conn-1"),
            ("ENDPOINT_DATA_conn-1_AUTHORIZATIONTYPE", "ServiceAccount"),
            ("ENDPOINT_URL_conn-1", "https://aks.example:443"),
            ("ENDPOINT_AUTH_PARAMETER_conn-1_APITOKEN", Convert.ToBase64String("decoded-sa-token-1"u8.ToArray())));
        var host = Host(env);

        var kubeconfig = host.ReadServiceConnectionKubeconfig("kubeconfig");
        host.Info(kubeconfig);

        Assert.Contains("##vso[task.setsecret]decoded-sa-token-1", TestSteps.Lines(_out));
        Assert.DoesNotContain("decoded-sa-token-1", _out.ToString().Replace("##vso[task.setsecret]decoded-sa-token-1", ""));
        Assert.Equal(["decoded-sa-token-1"], SecretScanner.KubeconfigSecrets(kubeconfig));
    }

    [Fact]
    public void Missing_service_connection_input_says_how_to_give_it()
    {
        var e = Assert.Throws<InvalidInputException>(() => Host(TestSteps.Env()).ReadServiceConnectionKubeconfig("kubeconfig"));
        Assert.Equal("input \"kubeconfig\" is required for deploy-gray (GitHub: with: kubeconfig: ...; Azure: inputs: kubeconfig: ...; CLI: --kubeconfig)", e.Message);
    }
}
