using Graylane.Engine.Steps;
using Graylane.Tests.Support;

namespace Graylane.Tests.Reliability;

/// <summary>
/// Every input of every release step (wait-approval has its own table in Approvals/) with wrong types, out-of-range values,
/// unknown names and injection attempts: a clear error naming the input, exit code 2, and zero writes to the cluster.
/// </summary>
public class BadInputTableTests
{
    private static readonly string LongName = new('a', 300);

    /// <summary>Values each input must refuse; inputs that take any text (reason excepted) are listed with what they refuse.</summary>
    private static readonly Dictionary<string, string[]> BadValues = new()
    {
        ["kubeconfig"] = ["/no/such/kubeconfig", "apiVersion: v1\nclusters: [oops"],
        ["context"] = ["no-such-context"],
        ["namespace"] = ["a\nb", "../etc", "$(rm -rf /)", "Bad_NS", LongName],
        ["app"] = ["a\nb", "../x", "$(whoami)", "UPPER", LongName],
        ["lock-wait"] = ["soon", "-1s"],
        ["service"] = ["a\nb", "../x", "$(whoami)", LongName],
        ["workload"] = ["a\nb", "../x", "$(whoami)", LongName],
        ["gray-workload"] = ["a\nb", "../x", "$(whoami)", LongName],
        ["image"] = ["Nginx:1", "nginx:bad tag", "$(curl evil)", "nginx\n::error::x", LongName],
        ["images"] = ["nginx", "=x:1", "a\nb=x:1", "nginx=$(x)"],
        ["version"] = ["v2/../x", "a\nb", "$(id)", "-v2", LongName],
        ["version-label"] = ["a\nb", "$(id)", "/version", LongName],
        ["replicas"] = ["many", "-1", "1e9"],
        ["virtual-service"] = ["a\nb", "../x", "$(id)", LongName],
        ["gateway"] = ["a\nb", "a/b/c", "$(id)"],
        ["host"] = ["a b", "a\nb", "$(id)"],
        ["route"] = ["a\nb", "$(id)", "a b"],
        ["canary-service"] = ["a\nb", "../x", "$(id)"],
        ["router"] = ["magic", "a\nb"],
        ["timeout"] = ["soon", "10x", "-5s"],
        ["keep-on-failure"] = ["maybe"],
        ["weight"] = ["150", "-1", "abc", "50%", "1.5"],
        ["match"] = ["header:x", "body:a=1", "header:a\nb=1", "header:x~(?=y)", "header:x~(unclosed"],
        ["clear-match"] = ["maybe"],
        ["mirror"] = ["lots", "101", "-3"],
        ["set-header"] = ["x-lane", "a b=c", "x=a\nb"],
        ["accept-drift"] = ["maybe"],
        ["scale-down-delay"] = ["later", "5 minutes"],
        ["delete-old"] = ["maybe"],
        ["reason"] = ["line one\n::error::forged", new string('r', 600)],
        ["services"] = ["mocka", "mocka=", "a\nb=x:1", "mocka=$(x)"],
        ["app-services"] = ["a\nb", "../x", "$(id)"],
        ["entry-service"] = ["a\nb", "../x", "$(id)"],
        ["route-header"] = ["a b", "a\nb", "$(id)"],
        ["trace-header"] = ["a b", "a\nb", "$(id)"],
        ["baselines"] = ["mocka", "a\nb=v1", "mocka=$(id)"],
    };

    private static readonly Dictionary<string, (string, string)[]> ValidBase = new()
    {
        ["deploy-gray"] = [("service", "nginx-service"), ("image", "nginx:1.27"), ("version", "v2")],
        ["shift-traffic"] = [("app", "nginx-service"), ("weight", "100")],
        ["promote"] = [("app", "nginx-service")],
        ["rollback"] = [("app", "nginx-service")],
        ["status"] = [("app", "nginx-service")],
    };

    public static TheoryData<string, string> StepsAndInputs()
    {
        var data = new TheoryData<string, string>();
        foreach (var step in StepCatalog.All.Where(s => ValidBase.ContainsKey(s.Name)))
            foreach (var input in step.Inputs)
                data.Add(step.Name, input.Name);
        return data;
    }

    [Theory]
    [MemberData(nameof(StepsAndInputs))]
    public async Task Every_bad_value_is_refused_naming_the_input_without_writes(string step, string input)
    {
        Assert.True(BadValues.ContainsKey(input), $"the bad-input table has no values for --{input} of {step}: add them");
        await using var c = await ClusterFixture.StartAsync();
        if (step != "deploy-gray")
            Assert.Equal(0, (await c.RunAsync("deploy-gray", ValidBase["deploy-gray"])).Code);

        foreach (var bad in BadValues[input])
        {
            var inputs = ValidBase[step].Where(i => i.Item1 != input && !(input is "image" or "images" && i.Item1 is "image")).ToList();
            inputs.Add((input, bad));
            if (input == "kubeconfig" && bad.Contains('\n'))
                inputs = [.. inputs];
            var writes = await c.WritesAsync();
            var (code, host) = await c.RunAsync(step, [.. inputs]);
            Assert.True(code == 2, $"{step} --{input} \"{bad.Replace("\n", "\\n")}\": exit {code}\n{host.Log}");
            var error = Assert.Single(host.Errors);
            Assert.True(error.Contains($"--{input}") || error.Contains($"\"{input}\"") || error.Contains($"{input} ") || input is "kubeconfig" or "context",
                $"{step} --{input}: the error does not name the input: {error}");
            Assert.DoesNotContain("\n", error);
            Assert.Equal(writes, await c.WritesAsync());
        }
    }
}
