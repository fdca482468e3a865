using Graylane.Cli.Hosts;

namespace Graylane.Tests.Hosts;

public class HelpTextTests
{
    [Fact]
    public void Lists_every_flag_with_its_notes_aligned()
    {
        var text = HelpText.Render(TestSteps.Command, "Deploys the gray version.", TestSteps.Inputs);
        var lines = text.Split('\n');
        Assert.Equal("Usage: graylane deploy-gray [flags]", lines[0]);
        Assert.Contains("Deploys the gray version.", lines);
        Assert.Contains(lines, l => l.StartsWith("  --app <value> ") && l.EndsWith("Application name (required)"));
        Assert.Contains(lines, l => l.StartsWith("  --weight <value> ") && l.EndsWith("(default: 10; alias: --percent)"));
        Assert.Contains(lines, l => l.StartsWith("  --match <value> ") && l.Contains("(repeatable)"));
        Assert.Contains(lines, l => l.StartsWith("  --keep-on-failure ") && !l.Contains("<value>"));
        Assert.Contains(lines, l => l.StartsWith("  --token <value> ") && l.EndsWith("(secret)"));
        Assert.Contains(lines, l => l.StartsWith("  -h, --help "));

        // Descriptions start in one column: two spaces after the longest flag, "--scale-down-delay <value>".
        var column = 2 + "--scale-down-delay <value>".Length + 2;
        foreach (var line in lines.Where(l => l.StartsWith("  -")))
        {
            Assert.Equal("  ", line[(column - 2)..column]);
            Assert.NotEqual(' ', line[column]);
        }
    }
}
