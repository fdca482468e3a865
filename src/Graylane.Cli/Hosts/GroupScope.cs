namespace Graylane.Cli.Hosts;

/// <summary>Ends a log group when disposed; a second dispose does nothing, so a group never ends twice.</summary>
internal sealed class GroupScope(Action end) : IDisposable
{
    private Action? _end = end;

    public void Dispose()
    {
        _end?.Invoke();
        _end = null;
    }
}
