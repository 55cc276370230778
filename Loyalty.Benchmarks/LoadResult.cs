namespace Loyalty.Benchmarks;

public sealed record Percentiles(double P50, double P90, double P99, double Max)
{
    public static Percentiles Of(List<double> latenciesMs)
    {
        if (latenciesMs.Count == 0) return new Percentiles(0, 0, 0, 0);
        latenciesMs.Sort();
        return new Percentiles(Rank(latenciesMs, 0.50), Rank(latenciesMs, 0.90), Rank(latenciesMs, 0.99), latenciesMs[^1]);
    }

    // Nearest-rank: the smallest sample with at least p of all samples at or below it; no interpolation to hide outliers.
    private static double Rank(List<double> sorted, double p) => sorted[Math.Max(0, (int)Math.Ceiling(p * sorted.Count) - 1)];

    public override string ToString() => $"p50 {P50:F1} ms, p90 {P90:F1} ms, p99 {P99:F1} ms, max {Max:F1} ms";
}

public sealed record LoadResult(
    TimeSpan Elapsed,
    int Requests,
    int Purchases,
    int InsufficientPoints,
    IReadOnlyDictionary<string, int> Errors,
    Percentiles PurchaseLatency,
    Percentiles AllLatency,
    TimeSpan AppCpu)
{
    public int ErrorCount => Errors.Values.Sum();
    public double PurchasesPerSecond => Purchases / Elapsed.TotalSeconds;

    public static LoadResult Merge(IReadOnlyList<WorkerRecorder> workers, TimeSpan elapsed, TimeSpan appCpu)
    {
        var errors = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var (label, count) in workers.SelectMany(w => w.Errors))
            errors[label] = errors.GetValueOrDefault(label) + count;
        return new LoadResult(
            elapsed,
            workers.Sum(w => w.AllLatenciesMs.Count),
            workers.Sum(w => w.Purchases),
            workers.Sum(w => w.InsufficientPoints),
            errors,
            Percentiles.Of(workers.SelectMany(w => w.PurchaseLatenciesMs).ToList()),
            Percentiles.Of(workers.SelectMany(w => w.AllLatenciesMs).ToList()),
            appCpu);
    }

    public void Print(TextWriter output)
    {
        output.WriteLine($"Measured window:       {Elapsed.TotalSeconds:F1} s, {Requests} requests");
        output.WriteLine($"Purchases (201):       {Purchases} = {PurchasesPerSecond:F0} purchases/s");
        output.WriteLine($"Latency of 201s:       {PurchaseLatency}");
        output.WriteLine($"Latency of all calls:  {AllLatency}");
        // CPU per call barely moves when something else shares the machine, unlike the rate: it compares runs fairly.
        if (Requests > 0) output.WriteLine($"App CPU per call:      {AppCpu.TotalMilliseconds / Requests:F2} ms ({AppCpu.TotalSeconds / Elapsed.TotalSeconds * 100:F0} % of one core)");
        output.WriteLine($"422 insufficient pts:  {InsufficientPoints} (tolerated: redemptions by members without points)");
        output.WriteLine($"Errors:                {ErrorCount}");
        foreach (var (label, count) in Errors) output.WriteLine($"  {label}: {count}");
    }
}
