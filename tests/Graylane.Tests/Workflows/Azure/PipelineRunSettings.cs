namespace Graylane.Tests.Workflows.Azure;

/// <summary>What a test decides for a pipeline run: the cluster behind every Kubernetes service connection, parameters, reviews.</summary>
public sealed class PipelineRunSettings
{
    /// <summary>The kubeconfig every Kubernetes service connection holds (authorization type Kubeconfig).</summary>
    public required string Kubeconfig { get; init; }
    public Dictionary<string, string> Parameters { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Predefined and queue-time variables ($(Build.BuildId)…); the pipeline's own variables come from the file.</summary>
    public Dictionary<string, string> Variables { get; init; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Build.BuildId"] = "1234",
        ["Build.BuildNumber"] = "20261126.1",
        ["Build.SourceVersion"] = "0123456789abcdef0123456789abcdef01234567",
        ["Build.RequestedFor"] = "Ada Lovelace",
        ["System.CollectionUri"] = "https://dev.azure.com/contoso/",
        ["System.TeamProject"] = "Shop",
    };

    /// <summary>
    /// A folder standing in for the repository: every agent job checks it out into $(Build.SourcesDirectory) (the
    /// working directory of its scripts and tasks) unless it says checkout: none. Null: jobs start with an empty folder.
    /// </summary>
    public string? Repository { get; set; }

    /// <summary>The clock the Graylane tasks wait on (gates, scale-down delays); null: real time.</summary>
    public TimeProvider? Clock { get; init; }

    /// <summary>A person's answer to ManualValidation or an environment's approval: (job name, what) → approved. Default approves.</summary>
    public Func<string, string, bool> Review { get; init; } = (_, _) => true;
}
