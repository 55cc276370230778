using Loyalty.Core.Campaigns;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Benchmarks;

/// <summary>The "pos" scenario: start the app, load its purchase endpoint, stop it, then prove the ledger still balances.</summary>
public static class PosBenchmark
{
    private const int LogLinesOnFailure = 40;

    public static async Task<int> RunAsync(BenchmarkOptions options, CancellationToken ct)
    {
        var location = WebAppLocation.Find();
        Console.WriteLine($"Starting {location.Dll}");
        PrintMachineLoad();
        var app = await WebAppProcess.StartAsync(location, ct, options.Jobs);
        LoadResult? result = null;
        try
        {
            if (options.Campaigns) await LaunchCampaignsAsync(app.DatabasePath, ct);
            result = await MeasureAsync(app, options, ct);
        }
        finally
        {
            await app.DisposeAsync();
            // Cancelled: there are no figures to go with the database, so it is not worth keeping.
            if (result is null) app.DeleteDatabase();
        }

        Console.WriteLine();
        result.Print(Console.Out);
        var appHealthy = ReportApp(app, showLog: result.ErrorCount > 0);

        Console.WriteLine();
        var report = await LedgerCheck.RunAsync(app.DatabasePath, location.ProjectFolder, ct);
        LedgerCheck.Print(report, Console.Out);

        var passed = report.IsHealthy && result.ErrorCount == 0 && appHealthy;
        Finish(app, keep: !passed);
        return passed ? Program.ExitOk : Program.ExitFailed;
    }

    private static async Task<LoadResult> MeasureAsync(WebAppProcess app, BenchmarkOptions options, CancellationToken ct)
    {
        using var client = new PosClient(app.BaseAddress, options.Connections);
        Console.WriteLine($"Warming up {options.WarmUp.TotalSeconds:F0} s, then measuring {options.Seconds} s " +
                          $"with {options.Connections} connections on {Environment.ProcessorCount} cores (shared with the app)...");
        return await LoadRun.RunAsync(client, options.Connections, options.WarmUp, TimeSpan.FromSeconds(options.Seconds), app.CpuTime, ct);
    }

    /// <summary>
    /// <c>--campaigns 1</c>: the till's partner runs two live purchase campaigns while the load runs — +5 % for everyone under
    /// a points budget (the budget is claimed in the write unit on every sale) and double points for its VIP segment — so the
    /// figures include the campaign checks of the quote and the purchase (0060). The app caches campaigns for 15 s, so the
    /// load starts after that.
    /// </summary>
    private static async Task LaunchCampaignsAsync(string databasePath, CancellationToken ct)
    {
        await using var services = SegmentsBenchmark.Services(databasePath);
        Guid partner, vip;
        await using (var db = services.GetRequiredService<Loyalty.Core.Common.ILoyaltyDbFactory>().Create())
        {
            partner = await db.Partners.Where(p => p.Name == "Magnum Fresh").Select(p => p.Id).SingleAsync(ct);
            vip = await db.Segments.Where(s => s.OwnerPartnerId == partner).Select(s => s.Id).FirstAsync(ct);
        }
        var save = services.GetRequiredService<SaveCampaign>();
        var launch = services.GetRequiredService<ChangeCampaignStatus>();
        var today = DateTime.UtcNow.Date;
        foreach (var form in new[]
        {
            new CampaignForm("Bench: +5 % for everyone", null, CampaignType.PurchaseBonus, today, today.AddDays(2), RewardKind.ExtraPercent, 5m, BudgetPoints: 100_000_000m),
            new CampaignForm("Bench: double points for VIP guests", null, CampaignType.PurchaseBonus, today, today.AddDays(2), RewardKind.Multiplier, 2m, SegmentId: vip),
        })
            await launch.HandleAsync(partner, await save.HandleAsync(partner, null, form, ct: ct), CampaignAction.Launch, ct);
        Console.WriteLine("Two purchase campaigns live at the till's partner; waiting 16 s for the app's campaign cache...");
        await Task.Delay(TimeSpan.FromSeconds(16), ct);
    }

    private static void PrintMachineLoad()
    {
        var load = MachineLoad.Describe();
        if (load.Length > 0) Console.WriteLine($"Machine before the run: {load}");
    }

    /// <summary>
    /// The client only sees status codes; the reason (an exception behind a 500, a crash) is in the app's own output,
    /// so its last lines are shown whenever anything went wrong.
    /// </summary>
    private static bool ReportApp(WebAppProcess app, bool showLog)
    {
        Console.WriteLine($"App log:               {app.ErrorLines} error, {app.WarningLines} warning entries");
        foreach (var source in app.WarningSources) Console.WriteLine($"  warnings from {source}");
        if (app.ExitedOnItsOwn) Console.WriteLine("The app exited by itself during the run.");
        var healthy = app.ErrorLines == 0 && !app.ExitedOnItsOwn;
        if (healthy && !showLog) return healthy;
        Console.WriteLine($"Last {LogLinesOnFailure} lines of the app's output:");
        foreach (var line in app.LogTail(LogLinesOnFailure)) Console.WriteLine("  " + line);
        return healthy;
    }

    // A failed run keeps its database for a look with sqlite3; a passed one leaves nothing behind in /tmp.
    private static void Finish(WebAppProcess app, bool keep)
    {
        if (keep) Console.WriteLine($"Database kept for inspection: {app.DatabasePath}");
        else app.DeleteDatabase();
    }
}
