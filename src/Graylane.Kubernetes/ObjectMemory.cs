using System.Text.Json.Nodes;

namespace Graylane.Kubernetes;

/// <summary>
/// What one step has seen of each object, by its API path: the last answer to a read (null when it was not found), the
/// server's answer to a write (a write's response is the object as stored), or an item of a list or watch. Lets a step
/// read each object once (<see cref="KubeApi.GetCachedAsync"/>). Lives as long as its <see cref="KubeApi"/>, i.e. one
/// step: the next step sees the cluster as it is. Copies go in and out, so no caller can change what another sees.
/// </summary>
internal sealed class ObjectMemory
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, JsonObject?> _byPath = new(StringComparer.Ordinal);

    public bool TryRecall(string path, out JsonObject? obj)
    {
        lock (_gate)
        {
            if (!_byPath.TryGetValue(path, out var seen))
            {
                obj = null;
                return false;
            }
            obj = (JsonObject?)seen?.DeepClone();
            return true;
        }
    }

    public void Remember(string path, JsonObject? obj)
    {
        var copy = (JsonObject?)obj?.DeepClone();
        lock (_gate) _byPath[path] = copy;
    }

    public void Forget(string path)
    {
        lock (_gate) _byPath.Remove(path);
    }
}
