using System.Diagnostics;

namespace Loyalty.Core.Messaging;

/// <summary>
/// Paces sends per channel across all dispatcher workers of this process: each send reserves the next free slot
/// (1/rate apart) and waits for it. Real time on purpose: providers count real seconds, whatever the app's clock says.
/// </summary>
public sealed class ChannelThrottle(MessagingOptions options)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<MessageChannel, long> _nextSlot = [];

    public Task WaitAsync(MessageChannel channel, CancellationToken ct)
    {
        var rate = options.RateFor(channel);
        if (rate <= 0) return Task.CompletedTask;
        var interval = Stopwatch.Frequency / rate;
        long wait;
        lock (_lock)
        {
            var now = Stopwatch.GetTimestamp();
            var slot = Math.Max(now, _nextSlot.GetValueOrDefault(channel));
            _nextSlot[channel] = slot + interval;
            wait = slot - now;
        }
        return wait <= 0 ? Task.CompletedTask : Task.Delay(TimeSpan.FromSeconds((double)wait / Stopwatch.Frequency), ct);
    }
}
