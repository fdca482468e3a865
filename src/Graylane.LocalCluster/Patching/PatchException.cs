namespace Graylane.LocalCluster.Patching;

/// <summary>A patch that cannot be applied; Code is what the API server answers (400 or 422).</summary>
internal sealed class PatchException(int code, string message) : Exception(message)
{
    public int Code { get; } = code;
}
