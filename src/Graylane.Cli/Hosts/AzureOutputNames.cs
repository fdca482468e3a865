namespace Graylane.Cli.Hosts;

/// <summary>
/// The names a step's outputs get as Azure Pipelines output variables. The agent (microsoft/azure-pipelines-agent)
/// stores `##vso[task.setvariable variable=N;isOutput=true]` as the variable "&lt;step name&gt;.N"
/// (src/Agent.Worker/ExecutionContext.cs, SetVariable), expands `$(…)` by looking the text between the parentheses
/// up as it is (src/Microsoft.VisualStudio.Services.Agent/Util/VarUtil.cs, ExpandValues), and gives later steps
/// each variable as an environment variable named by ConvertToEnvVariableFormat, which only replaces '.' and ' '
/// with '_' and upper-cases (same file; used by src/Agent.Worker/Handlers/Handler.cs, AddVariablesToEnvironment).
/// So `gray-workload` works as `$(gray.gray-workload)` but arrives in scripts as GRAY_GRAY-WORKLOAD, which no
/// shell can name, and the documented variable name characters are letters, digits, '.' and '_'. Each output is
/// therefore also set under its camelCase name (the spelling of the task inputs): grayWorkload → GRAY_GRAYWORKLOAD.
/// </summary>
public static class AzureOutputNames
{
    /// <summary>gray-workload → grayWorkload, gray-workload (the recommended name first); app → app.</summary>
    public static IReadOnlyList<string> Names(string output)
    {
        var camel = AzureInputNames.AzureInputName(output);
        return camel == output ? [output] : [camel, output];
    }
}
