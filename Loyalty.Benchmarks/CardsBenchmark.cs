using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Loyalty.Core;
using Loyalty.Core.Customers;
using Loyalty.Data;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Loyalty.Benchmarks;

/// <summary>
/// <c>cards [--count 200000]</c>: starts Loyalty.Web (Release build) on a fresh SQLite file, issues one card batch of
/// <c>--count</c> cards through the real use case, signs in as the demo operator and downloads each print file over
/// HTTP into a counting sink, reporting the app's CPU time and its resident memory (sampled every 50 ms) per file.
/// Decision 0170.
/// </summary>
public static class CardsBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var count = 200_000;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            if (args[i] == "--count" && int.TryParse(args[i + 1], out var value) && value is > 0 and <= CardBatch.MaxCount) count = value;
            else { Console.Error.WriteLine($"Usage: cards [--count 1..{CardBatch.MaxCount}]"); return Program.ExitUsage; }
        }
        Console.WriteLine($"Card print files for a batch of {count:N0}; {MachineLoad.Describe()}");
        var web = await WebAppProcess.StartAsync(WebAppLocation.Find(), CancellationToken.None);
        try
        {
            var batch = await IssueAsync(web.DatabasePath, count);
            using var http = new HttpClient(new SocketsHttpHandler { UseCookies = true, CookieContainer = new CookieContainer(), AllowAutoRedirect = false })
            {
                BaseAddress = web.BaseAddress, Timeout = TimeSpan.FromMinutes(30),
            };
            await SignInAsync(http);
            Console.WriteLine($"{"file",-26} {"bytes",14} {"app CPU",9} {"CPU/card",9} {"RSS before",11} {"peak RSS",9} {"wall",7}");
            foreach (var file in new[] { "cards.csv", "sheets.zip?codes=code128", "sheets.zip?codes=both" })
                await DownloadAsync(web, http, $"/files/cards/{batch.Id}/{file}", file, count);
        }
        finally
        {
            await web.DisposeAsync();
            web.DeleteDatabase();
        }
        return Program.ExitOk;
    }

    private static async Task<CardBatch> IssueAsync(string databasePath, int count)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Loyalty"] = $"Data Source={databasePath}" }).Build();
        await using var services = new ServiceCollection().AddLogging(b => b.SetMinimumLevel(LogLevel.Error))
            .AddLoyaltyData(configuration, Path.GetTempPath()).AddLoyaltyCore().BuildServiceProvider();
        var watch = Stopwatch.StartNew();
        var batch = await services.GetRequiredService<IssueCardBatch>().HandleAsync(new IssueCardBatchCommand("Benchmark print run", count, "bench"));
        Console.WriteLine($"Issued {count:N0} cards in {watch.Elapsed.TotalSeconds:F1} s (one write transaction)");
        return batch;
    }

    private static async Task SignInAsync(HttpClient http)
    {
        var page = await http.GetStringAsync("/account/login");
        var token = Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        var response = await http.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["_handler"] = "staff-login", ["Input.Email"] = "operator@demo.local", ["Input.Password"] = "Demo123!",
        }));
        if (response.StatusCode != HttpStatusCode.Redirect) throw new BenchmarkSetupException($"Operator sign-in failed: {(int)response.StatusCode}");
    }

    private static async Task DownloadAsync(WebAppProcess web, HttpClient http, string url, string label, int count)
    {
        GC.Collect();
        await Task.Delay(500);
        var rssBefore = web.WorkingSet();
        var peak = rssBefore;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peak = Math.Max(peak, web.WorkingSet());
                try { await Task.Delay(50, sampling.Token); } catch (OperationCanceledException) { }
            }
        });
        var cpu = web.CpuTime();
        var watch = Stopwatch.StartNew();
        using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[81920];
        long bytes = 0;
        int read;
        while ((read = await body.ReadAsync(buffer)) > 0) bytes += read;
        watch.Stop();
        var used = web.CpuTime() - cpu;
        await sampling.CancelAsync();
        await sampler;
        Console.WriteLine($"{label,-26} {bytes,14:N0} {used.TotalSeconds,8:F1}s {used.TotalMicroseconds / count,7:F0}µs {rssBefore / 1048576,9} MB {peak / 1048576,6} MB {watch.Elapsed.TotalSeconds,6:F1}s");
    }
}
