using System.Threading.Channels;
using Graylane.LocalCluster.Storage;

namespace Graylane.LocalCluster.Watching;

/// <summary>One watcher's queue of matching events.</summary>
internal sealed class WatchSubscription(EventHistory owner, Func<StoreEvent, bool> filter) : IDisposable
{
    private readonly Channel<StoreEvent> _channel = Channel.CreateUnbounded<StoreEvent>(); // not SingleReader: that one cannot Count

    public ChannelReader<StoreEvent> Reader => _channel.Reader;

    internal void Offer(StoreEvent ev)
    {
        if (filter(ev)) _channel.Writer.TryWrite(ev);
    }

    internal void Complete() => _channel.Writer.TryComplete();

    public void Dispose()
    {
        owner.Unsubscribe(this);
        Complete();
    }
}
