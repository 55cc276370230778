using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Loyalty.Benchmarks;

/// <summary>
/// The "soak" scenario: a steady, open-loop stream of mixed till traffic for many minutes — identify 10 %, quote 20 %,
/// purchase 65 % (one in five redeeming), refund of a recent purchase 5 % — with latency percentiles, errors, the
/// app's memory and CPU printed per minute, then the drift between the first and last minutes and a ledger check.
/// Open loop: requests start on a fixed clock whether or not earlier ones have finished, so a slowing server shows as
/// rising latency instead of silently lowering the rate. <c>soak [--minutes 10] [--rate 150]</c>.
/// </summary>
public static class SoakBenchmark
{
    private const string ApiKey = "demo-pos-key-0001";
    private const int DemoCustomers = 300;
    private const int MaxInFlight = 256;

    private sealed record Sample(int Minute, string Kind, double Ms, string? Error);

    public static async Task<int> RunAsync(string[] args)
    {
        var minutes = Option(args, "--minutes", 10);
        var rate = Option(args, "--rate", 150);
        if (minutes <= 0 || rate <= 0) { Console.Error.WriteLine("Usage: soak [--minutes 10] [--rate 150]"); return Program.ExitUsage; }
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };

        var location = WebAppLocation.Find();
        var app = await WebAppProcess.StartAsync(location, cancel.Token);
        var samples = new ConcurrentBag<Sample>();
        var lines = new List<string>();
        var passed = false;
        try
        {
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64, UseCookies = false })
            { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
            http.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
            var recentPurchases = new ConcurrentQueue<string>();
            var runId = Guid.NewGuid().ToString("N")[..8];
            using var inFlight = new SemaphoreSlim(MaxInFlight);
            var skipped = 0;

            Console.WriteLine($"Soak: {rate} requests/s for {minutes} min (open loop), mixed till traffic, on {Environment.ProcessorCount} cores shared with the app");
            Console.WriteLine("minute  requests  errors  p50 ms  p95 ms  p99 ms  max ms  app MB  app CPU %");
            var clock = Stopwatch.StartNew();
            var total = (long)minutes * 60 * rate;
            var tasks = new List<Task>();
            var reported = 0;
            var cpuAtMinute = app.CpuTime();
            for (long n = 0; n < total && !cancel.IsCancellationRequested; n++)
            {
                var due = TimeSpan.FromSeconds((double)n / rate);
                var wait = due - clock.Elapsed;
                if (wait > TimeSpan.FromMilliseconds(1)) await Task.Delay(wait, cancel.Token);
                var minute = (int)(clock.Elapsed.TotalMinutes);
                while (reported < minute)
                {
                    var cpu = app.CpuTime();
                    lines.Add(Report(samples, reported, app.WorkingSet(), (cpu - cpuAtMinute).TotalSeconds / 60 * 100));
                    Console.WriteLine(lines[^1]);
                    cpuAtMinute = cpu;
                    reported++;
                }
                if (!inFlight.Wait(0)) { skipped++; continue; }
                var seq = n;
                tasks.Add(Task.Run(async () =>
                {
                    try { samples.Add(await OneAsync(http, runId, seq, minute, recentPurchases)); }
                    finally { inFlight.Release(); }
                }));
                if (tasks.Count > 10_000) tasks.RemoveAll(t => t.IsCompleted);
            }
            await Task.WhenAll(tasks);
            var lastCpu = app.CpuTime();
            if (reported < minutes)
            {
                lines.Add(Report(samples, reported, app.WorkingSet(), (lastCpu - cpuAtMinute).TotalSeconds / 60 * 100));
                Console.WriteLine(lines[^1]);
            }

            var all = samples.ToList();
            var errors = all.Where(s => s.Error is not null).GroupBy(s => s.Error!).ToDictionary(g => g.Key, g => g.Count());
            Console.WriteLine();
            Console.WriteLine($"Total: {all.Count:N0} requests in {clock.Elapsed.TotalMinutes:F1} min ({all.Count / clock.Elapsed.TotalSeconds:F0}/s), " +
                              $"{errors.Values.Sum()} errors, {skipped} not sent (more than {MaxInFlight} in flight)");
            foreach (var kind in all.GroupBy(s => s.Kind).OrderBy(g => g.Key))
                Console.WriteLine($"  {kind.Key,-9} {kind.Count(),8:N0}  {Percentiles.Of(kind.Select(s => s.Ms).ToList())}");
            foreach (var (label, count) in errors) Console.WriteLine($"  error {label}: {count}");
            var first = Percentiles.Of(all.Where(s => s.Minute == 0).Select(s => s.Ms).DefaultIfEmpty(0).ToList());
            var last = Percentiles.Of(all.Where(s => s.Minute == minutes - 1).Select(s => s.Ms).DefaultIfEmpty(0).ToList());
            Console.WriteLine($"Drift, first minute → last minute: p50 {first.P50:F1} → {last.P50:F1} ms, p99 {first.P99:F1} → {last.P99:F1} ms");
            passed = errors.Count == 0 && skipped == 0;
        }
        finally
        {
            await app.DisposeAsync();
        }
        Console.WriteLine($"App log: {app.ErrorLines} error, {app.WarningLines} warning entries");
        var report = await LedgerCheck.RunAsync(app.DatabasePath, location.ProjectFolder, CancellationToken.None);
        LedgerCheck.Print(report, Console.Out);
        passed &= report.IsHealthy && app.ErrorLines == 0;
        if (passed) app.DeleteDatabase(); else Console.WriteLine($"Database kept for inspection: {app.DatabasePath}");
        return passed ? Program.ExitOk : Program.ExitFailed;
    }

    private static string Report(ConcurrentBag<Sample> samples, int minute, long workingSet, double cpuPercent)
    {
        var window = samples.Where(s => s.Minute == minute).ToList();
        var p = Percentiles.Of(window.Select(s => s.Ms).DefaultIfEmpty(0).ToList());
        var p95 = window.Count == 0 ? 0 : window.Select(s => s.Ms).Order().ElementAt(Math.Max(0, (int)Math.Ceiling(0.95 * window.Count) - 1));
        return $"{minute + 1,6}  {window.Count,8:N0}  {window.Count(s => s.Error is not null),6}  {p.P50,6:F1}  {p95,6:F1}  {p.P99,6:F1}  {p.Max,6:F0}  {workingSet / 1048576,6:N0}  {cpuPercent,9:F0}";
    }

    private static async Task<Sample> OneAsync(HttpClient http, string runId, long n, int minute, ConcurrentQueue<string> recent)
    {
        var customer = $"+7701{n % DemoCustomers + 1:D7}";
        var slot = n % 20;
        var kind = slot < 2 ? "identify" : slot < 6 ? "quote" : slot < 19 ? "purchase" : "refund";
        string? refundOf = null;
        if (kind == "refund" && !recent.TryDequeue(out refundOf)) kind = "purchase";
        var redeem = kind == "purchase" && n % 5 == 0 ? 10m : 0m;
        using var request = kind switch
        {
            "identify" => new HttpRequestMessage(HttpMethod.Post, "/api/pos/v1/customers/identify") { Content = JsonContent.Create(new { identifier = customer }) },
            "quote" => new HttpRequestMessage(HttpMethod.Post, "/api/pos/v1/purchases/quote") { Content = JsonContent.Create(new { customer, receiptNumber = $"Q-{runId}-{n}", amount = 1234.50m, redeemPoints = 10m }) },
            "refund" => new HttpRequestMessage(HttpMethod.Post, $"/api/pos/v1/purchases/{refundOf}/refunds") { Content = JsonContent.Create(new { amount = 500m }) },
            _ => new HttpRequestMessage(HttpMethod.Post, "/api/pos/v1/purchases") { Content = JsonContent.Create(new { customer, receiptNumber = $"S-{runId}-{n}", amount = 1234.50m, redeemPoints = redeem }) },
        };
        if (kind is "purchase" or "refund") request.Headers.Add("Idempotency-Key", $"soak-{runId}-{n}");
        var watch = Stopwatch.StartNew();
        try
        {
            using var response = await http.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            var ms = watch.Elapsed.TotalMilliseconds;
            if (response.IsSuccessStatusCode)
            {
                if (kind == "purchase" && recent.Count < 10_000)
                {
                    using var json = JsonDocument.Parse(body);
                    recent.Enqueue(json.RootElement.GetProperty("transactionId").GetString()!);
                }
                return new Sample(minute, kind, ms, null);
            }
            // Not enough points for a redemption is the till's ordinary refusal, not a fault.
            if (response.StatusCode == HttpStatusCode.UnprocessableEntity && body.Contains("insufficient-points")) return new Sample(minute, kind, ms, null);
            return new Sample(minute, kind, ms, $"{kind} {(int)response.StatusCode} {Type(body)}");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return new Sample(minute, kind, watch.Elapsed.TotalMilliseconds, $"{kind} {e.GetType().Name}");
        }
    }

    private static string Type(string body)
    {
        var at = body.IndexOf("/problems/", StringComparison.Ordinal);
        return at < 0 ? "" : new string(body[(at + 10)..].TakeWhile(c => c != '"').ToArray());
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length && int.TryParse(args[at + 1], out var value) ? value : fallback;
    }
}
