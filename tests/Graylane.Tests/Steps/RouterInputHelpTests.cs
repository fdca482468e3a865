using Graylane.Core.Model;
using Graylane.Engine.Steps;

namespace Graylane.Tests.Steps;

/// <summary>The --router input's help (CLI help, action.yml, task.json) names every router there is.</summary>
public class RouterInputHelpTests
{
    [Fact]
    public void The_router_input_describes_every_router()
    {
        foreach (var kind in RouterKinds.All)
            Assert.Contains(kind.Name() + " (", CommonInputs.Router.Description);
    }
}
