namespace Graylane.Engine.Steps;

/// <summary>promote --promote-mode in-place: the stable Deployment keeps its name and takes the new template.</summary>
public static class InPlacePromote
{
    /// <summary>False until the in-place promote and the rollback after it are in place (see issue 14).</summary>
    public static bool Available => false;
}
