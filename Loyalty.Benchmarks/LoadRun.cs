using System.Diagnostics;

namespace Loyalty.Benchmarks;

/// <summary>
/// N closed-loop workers (each sends its next purchase when the previous one answers) sharing one client.
/// Calls started during warm-up are not recorded; calls started during the measured window are, even if they finish
/// just after it, and the rate is taken over the time until the last of them finished.
/// </summary>
public static class LoadRun
{
    /// <param name="appCpu">The app's CPU time so far; read at both ends of the measured window.</param>
    public static async Task<LoadResult> RunAsync(PosClient client, int workers, TimeSpan warmUp, TimeSpan measured, Func<TimeSpan> appCpu, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var window = new Window(clock, warmUp, warmUp + measured);
        var recorders = Enumerable.Range(0, workers).Select(_ => new WorkerRecorder()).ToArray();

        var work = Task.WhenAll(recorders.Select(r => Task.Run(() => WorkAsync(client, r, window, ct), ct)));
        await Task.WhenAny(work, Task.Delay(warmUp, ct));
        var cpuAtStart = appCpu();
        await work;
        return LoadResult.Merge(recorders, clock.Elapsed - warmUp, appCpu() - cpuAtStart);
    }

    private static async Task WorkAsync(PosClient client, WorkerRecorder recorder, Window window, CancellationToken ct)
    {
        while (true)
        {
            var startedAt = window.Clock.Elapsed;
            if (startedAt >= window.Until) return;
            var started = Stopwatch.GetTimestamp();
            var outcome = await client.PurchaseAsync(ct);
            var latency = Stopwatch.GetElapsedTime(started);
            if (startedAt >= window.From) recorder.Record(outcome, latency);
        }
    }

    private sealed record Window(Stopwatch Clock, TimeSpan From, TimeSpan Until);
}

/// <summary>One worker's own figures, so workers never contend on shared counters while measuring.</summary>
public sealed class WorkerRecorder
{
    public List<double> PurchaseLatenciesMs { get; } = new(capacity: 64 * 1024);
    public List<double> AllLatenciesMs { get; } = new(capacity: 64 * 1024);
    public Dictionary<string, int> Errors { get; } = [];
    public int Purchases { get; private set; }
    public int InsufficientPoints { get; private set; }

    public void Record(Outcome outcome, TimeSpan latency)
    {
        AllLatenciesMs.Add(latency.TotalMilliseconds);
        switch (outcome.Kind)
        {
            case OutcomeKind.Purchased:
                Purchases++;
                PurchaseLatenciesMs.Add(latency.TotalMilliseconds);
                break;
            case OutcomeKind.InsufficientPoints:
                InsufficientPoints++;
                break;
            default:
                Errors[outcome.Label] = Errors.GetValueOrDefault(outcome.Label) + 1;
                break;
        }
    }
}
