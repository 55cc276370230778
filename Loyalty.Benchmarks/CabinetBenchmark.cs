using Loyalty.Core.Analytics;
using Loyalty.Core.Campaigns;
using Loyalty.Core.Identity;
using Loyalty.Core.Messaging;
using Loyalty.Core.PartnerCrm;
using Loyalty.Core.Referrals;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Benchmarks;

/// <summary>
/// <c>cabinet [--db path] [--runs 3]</c>: the partner cabinet's screens beyond the customers grid, on the file the
/// <c>customers</c> scenario builds (a million members; run that first): every analytics table as the Analytics page asks
/// for it, for the page's default 30 days and for 12 months, for the busiest partner; and the first page of every other grid
/// of the cabinet, with the filters it offers. Each figure is the median of several calls through the real use cases.
/// <c>--only rollups|analytics|grids</c> runs one part.
/// </summary>
public static class CabinetBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var runs = 3;
        string? path = null, only = null;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            if (args[i] == "--db") { path = args[i + 1]; continue; }
            if (args[i] == "--runs" && int.TryParse(args[i + 1], out var value) && value > 0) { runs = value; continue; }
            if (args[i] == "--only" && args[i + 1] is "rollups" or "analytics" or "grids") { only = args[i + 1]; continue; }
            Console.Error.WriteLine($"Unknown option '{args[i]}' (cabinet [--db path] [--runs 3] [--only rollups|analytics|grids]).");
            return Program.ExitUsage;
        }
        if (path is null || !File.Exists(path))
        {
            Console.Error.WriteLine("cabinet needs --db: the file the customers scenario built (run `customers --db path` first).");
            return Program.ExitUsage;
        }
        await using var services = SegmentsBenchmark.Services(path);
        await services.GetRequiredService<Loyalty.Data.DatabaseInitializer>().InitializeAsync();
        Console.WriteLine($"Cabinet benchmark: {path}, {Environment.ProcessorCount} cores, load average {MachineLoad.Describe()}");
        var partners = await SegmentsBenchmark.PartnersAsync(services);
        var busiest = await CustomersBenchmark.BusiestAsync(services, partners);

        if (only is null or "rollups") await RollupsAsync(services, path, busiest, runs);
        if (only is null or "analytics") await AnalyticsAsync(services, busiest, runs);
        if (only is null or "grids") await GridsAsync(services, path, busiest, runs);
        return Program.ExitOk;
    }

    /// <summary>
    /// The analytics roll-ups (0220): the first build from the whole history, if the file has never been rolled up; then, per
    /// run, the page's default 30 days with a busy minute of new receipts pending (readers add them themselves), and the
    /// minute job folding them. The receipts are written straight into the file, as the generator writes them: 2,000 new
    /// receipts at the busiest partner in the last minute (33 a second), by members drawn at random.
    /// </summary>
    private static async Task RollupsAsync(IServiceProvider services, string path, Guid partner, int runs)
    {
        var update = services.GetRequiredService<UpdateSalesRollups>();
        await using (var db = services.GetRequiredService<Loyalty.Core.Common.ILoyaltyDbFactory>().Create())
        {
            if (!await db.Purchases.AnyAsync(p => p.RolledUpAt != null))
            {
                var cpu = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
                var watch = System.Diagnostics.Stopwatch.StartNew();
                var built = await update.HandleAsync();
                Console.WriteLine($"  Roll-ups built from {built.Purchases:N0} receipts in {watch.Elapsed.TotalSeconds:F1} s " +
                    $"(CPU {(System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:F1} s)");
            }
        }
        const int minute = 2_000;
        var sales = services.GetRequiredService<GetSalesAnalytics>();
        var effectiveness = services.GetRequiredService<GetProgramEffectiveness>();
        var to = DateTime.UtcNow.Date.AddDays(1);
        var month = new AnalyticsQuery(partner, to.AddDays(-30), to);
        Console.WriteLine("  Roll-ups: a minute of receipts");
        for (var run = 0; run < runs; run++)
        {
            await AddReceiptsAsync(path, partner, minute);
            await CustomersBenchmark.TimeAsync($"effectiveness, 30 days, {minute:N0} receipts pending", 1, async () => (await effectiveness.HandleAsync(month, "KZT")).Purchases);
            await CustomersBenchmark.TimeAsync($"sales, 30 days, {minute:N0} receipts pending", 1, async () => (await sales.HandleAsync(month)).ByPeriod.Count);
            await CustomersBenchmark.TimeAsync($"minute job: {minute:N0} receipts rolled up", 1, async () => (await update.HandleAsync()).Purchases);
        }
    }

    /// <summary>
    /// What a busy partner's webhook log holds within its 30-day retention (0101): two subscriptions (its ERP takes every
    /// purchase, its CRM too), one outbox event per receipt of the last 30 days, one delivery per event and subscription,
    /// one in fifty failed. Written once, as the generator writes: plain set-based SQL. Returns the deliveries written.
    /// </summary>
    private static async Task<int> SeedWebhookLogAsync(string path, Guid partner)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.Parameters.AddWithValue("$partner", partner.ToString().ToUpperInvariant());
        command.Parameters.AddWithValue("$payload", "{}");
        command.CommandText = "SELECT COUNT(*) FROM \"WebhookSubscriptions\" WHERE \"PartnerId\" = $partner";
        if ((long)(await command.ExecuteScalarAsync())! > 0) return 0;
        command.CommandText = $"""
            BEGIN;
            INSERT INTO "WebhookSubscriptions" ("Id", "PartnerId", "Url", "Events", "Secret", "IsActive", "CreatedAt", "LastEventId") VALUES
                ('{Guid.CreateVersion7().ToString().ToUpperInvariant()}', $partner, 'https://erp.example.com/hooks/loyalty', 'purchase.created', 'bench', 1, strftime('%Y-%m-%d %H:%M:%f', 'now'), 0),
                ('{Guid.CreateVersion7().ToString().ToUpperInvariant()}', $partner, 'https://crm.example.com/in', 'purchase.created,refund.created', 'bench', 1, strftime('%Y-%m-%d %H:%M:%f', 'now'), 0);
            INSERT INTO "IntegrationEvents" ("PartnerId", "Type", "OccurredAt", "Payload")
            SELECT p."PartnerId", 'purchase.created', p."OccurredAt", $payload FROM "Purchases" p
            WHERE p."PartnerId" = $partner AND p."OccurredAt" >= strftime('%Y-%m-%d %H:%M:%f', 'now', '-30 days') ORDER BY p."OccurredAt";
            INSERT INTO "WebhookDeliveries" ("SubscriptionId", "EventId", "Status", "Attempts", "NextAttemptAt", "LastAttemptAt", "LastStatusCode", "LastError", "DeliveredAt")
            SELECT s."Id", e."Id", CASE WHEN e."Id" % 50 = 0 THEN 2 ELSE 1 END, CASE WHEN e."Id" % 50 = 0 THEN 8 ELSE 1 END, e."OccurredAt", e."OccurredAt",
                CASE WHEN e."Id" % 50 = 0 THEN 503 ELSE 200 END, CASE WHEN e."Id" % 50 = 0 THEN 'Service Unavailable' END, CASE WHEN e."Id" % 50 = 0 THEN NULL ELSE e."OccurredAt" END
            FROM "IntegrationEvents" e CROSS JOIN "WebhookSubscriptions" s WHERE e."PartnerId" = $partner AND s."PartnerId" = $partner ORDER BY e."Id", s."Id";
            COMMIT;
            """;
        await command.ExecuteNonQueryAsync();
        command.CommandText = "SELECT COUNT(*) FROM \"WebhookDeliveries\"";
        return (int)(long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task AddReceiptsAsync(string path, Guid partner, int count)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path}");
        await connection.OpenAsync();
        var tag = $"{(uint)(DateTime.UtcNow.Ticks / TimeSpan.TicksPerMillisecond):X8}";
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            INSERT INTO "Purchases" ("Id", "PartnerId", "StoreId", "CustomerId", "ReceiptNumber", "Amount", "Currency", "OccurredAt",
                "EarnedPoints", "RedeemedPoints", "DiscountAmount", "RefundedAmount", "ReversedEarned", "ReturnedRedeemed", "IsImported")
            WITH RECURSIVE s(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM s WHERE n < {count - 1}),
            m AS (SELECT "Id" FROM "Customers" WHERE "Source" = 'bench' ORDER BY "Id" LIMIT 1),
            st AS (SELECT "StoreId" FROM "Purchases" WHERE "PartnerId" = $partner LIMIT 1)
            SELECT '{tag}-0000-7000-8001-' || printf('%012X', s.n), $partner, (SELECT "StoreId" FROM st),
                substr((SELECT "Id" FROM m), 1, 24) || printf('%012X', abs(random()) % 1000000), 'm{tag}-' || s.n, 150000, 'KZT',
                strftime('%Y-%m-%d %H:%M:%f', 'now', '-' || (abs(random()) % 60) || ' seconds'), 7500, 0, 0, 0, 0, 0, 0
            FROM s
            """;
        command.Parameters.AddWithValue("$partner", partner.ToString().ToUpperInvariant());
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// The Analytics page (AnalyticsReports.AllAsync): effectiveness, sales by period/store/category/till, staff, LTV, cohorts
    /// and referrals, each timed alone, then the whole page, for the page's periods: 30 days by day (the default), 90 days by
    /// week and 12 months by month (what the page switches to), ending tomorrow at 00:00 UTC as the page does.
    /// </summary>
    private static async Task AnalyticsAsync(IServiceProvider services, Guid partner, int runs)
    {
        var effectiveness = services.GetRequiredService<GetProgramEffectiveness>();
        var sales = services.GetRequiredService<GetSalesAnalytics>();
        var staff = services.GetRequiredService<GetStaffPerformance>();
        var ltv = services.GetRequiredService<GetLtvBySegment>();
        var cohorts = services.GetRequiredService<GetCohortRetention>();
        var referrals = services.GetRequiredService<GetReferralTotals>();
        var to = DateTime.UtcNow.Date.AddDays(1);
        var dbs = services.GetRequiredService<Loyalty.Core.Common.ILoyaltyDbFactory>();
        async Task ForgetCountedBuyersAsync()
        {
            await using var db = dbs.Create();
            await db.ClosedDaysBuyers.ExecuteDeleteAsync();
        }
        Console.WriteLine("  Analytics (busiest partner)");
        // The closed days' buyers of the page's periods, as the job counts them at 00:05 UTC for every scope (0250).
        await ForgetCountedBuyersAsync();
        await CustomersBenchmark.TimeAsync("nightly count of the offered periods' buyers, every partner and the coalition", 1,
            async () => (await services.GetRequiredService<CountPresetPeriodBuyers>().HandleAsync()).Counted);
        foreach (var (days, granularity) in new[] { (30, Granularity.Day), (90, Granularity.Week), (365, Granularity.Month) })
        {
            var query = new AnalyticsQuery(partner, to.AddDays(-days), to, granularity);
            var label = $"{days} days by {granularity.ToString().ToLowerInvariant()}";
            // Before the nightly count, or for a period the page does not offer: the closed days are counted on the way.
            await CustomersBenchmark.TimeAsync($"effectiveness, {label}, closed days not counted yet", runs, async () =>
            {
                await ForgetCountedBuyersAsync();
                return (await effectiveness.HandleAsync(query, "KZT")).Purchases;
            });
            await effectiveness.HandleAsync(query, "KZT"); // counted again, as the night left them
            await CustomersBenchmark.TimeAsync($"effectiveness, {label}", runs, async () => (await effectiveness.HandleAsync(query, "KZT")).Purchases);
            await CustomersBenchmark.TimeAsync($"sales, {label}", runs, async () => (await sales.HandleAsync(query)).ByPeriod.Count);
            await CustomersBenchmark.TimeAsync($"staff, {label}", runs, async () => (await staff.HandleAsync(query)).Count);
            await CustomersBenchmark.TimeAsync($"referrals, {label}", runs, async () => (await referrals.HandleAsync(partner, query.From, query.To)).Count);
            await CustomersBenchmark.TimeAsync($"whole page, {label}", runs, async () =>
            {
                // The order AnalyticsReports.AllAsync calls them in.
                var n = (await effectiveness.HandleAsync(query, "KZT")).Purchases;
                n += (await sales.HandleAsync(query)).ByPeriod.Count;
                n += (await staff.HandleAsync(query)).Count;
                n += (await ltv.HandleAsync(query.PartnerId)).Count;
                n += (await cohorts.HandleAsync(query.PartnerId, query.To.AddTicks(-1))).Count;
                n += (await referrals.HandleAsync(partner, query.From, query.To)).Count;
                return n;
            });
            // As the screen loads it since session 7: every part at once off the circuit's thread, each shown as it arrives.
            await CustomersBenchmark.TimeAsync($"whole page, parts side by side, {label}", runs, async () =>
            {
                var parts = await Task.WhenAll(
                    Task.Run(async () => (await effectiveness.HandleAsync(query, "KZT")).Purchases),
                    Task.Run(async () => (await sales.HandleAsync(query)).ByPeriod.Count),
                    Task.Run(async () => (await staff.HandleAsync(query)).Count),
                    Task.Run(async () => (await ltv.HandleAsync(query.PartnerId)).Count),
                    Task.Run(async () => (await cohorts.HandleAsync(query.PartnerId, query.To.AddTicks(-1))).Count),
                    Task.Run(async () => (await referrals.HandleAsync(partner, query.From, query.To)).Count));
                return parts.Sum();
            });
            // Choosing this period on the open page: only the parts with a period are asked for again (0230).
            await CustomersBenchmark.TimeAsync($"switch to {label}, parts with a period side by side", runs, async () =>
            {
                var parts = await Task.WhenAll(
                    Task.Run(async () => (await effectiveness.HandleAsync(query, "KZT")).Purchases),
                    Task.Run(async () => (await sales.HandleAsync(query)).ByPeriod.Count),
                    Task.Run(async () => (await staff.HandleAsync(query)).Count),
                    Task.Run(async () => (await referrals.HandleAsync(partner, query.From, query.To)).Count));
                return parts.Sum();
            });
        }
        await CustomersBenchmark.TimeAsync("LTV by segment", runs, async () => (await ltv.HandleAsync(partner)).Count);
        await CustomersBenchmark.TimeAsync("cohort retention, 12 months", runs, async () => (await cohorts.HandleAsync(partner, to.AddTicks(-1))).Count);
    }

    /// <summary>
    /// The first page of every other grid of the cabinet, as its page asks for it, with the filters it offers. Most of these
    /// tables hold a partner's own work (campaigns, mailings, counterparts, news, terminals, tickets, statements), which does not
    /// grow with members; the message log (one e-mail per customer) and the webhook log do.
    /// </summary>
    private static async Task GridsAsync(IServiceProvider services, string path, Guid partner, int runs)
    {
        var staff = new PartnerStaff(partner, "bench", [Roles.PartnerAdmin]);
        var now = DateTime.UtcNow;
        Console.WriteLine("  Other grids (busiest partner)");
        var campaigns = services.GetRequiredService<ListCampaigns>();
        await CustomersBenchmark.TimeAsync("campaigns: first page", runs, async () => (await campaigns.HandleAsync(partner, null, 0, 25)).Total);
        await CustomersBenchmark.TimeAsync("campaigns: name search", runs, async () => (await campaigns.HandleAsync(partner, "spring", 0, 25)).Total);
        var calendar = services.GetRequiredService<CampaignCalendar>();
        await CustomersBenchmark.TimeAsync("calendar: this month", runs, async () => (await calendar.HandleAsync(partner, now.AddDays(-31), now.AddDays(31))).Count);
        var mailings = services.GetRequiredService<ListMailings>();
        await CustomersBenchmark.TimeAsync("mailings: first page", runs, async () => (await mailings.HandleAsync(partner, 0, 25)).Total);
        await CustomersBenchmark.TimeAsync("mailings: sent only", runs, async () => (await mailings.HandleAsync(partner, 0, 25, MailingStatus.Completed)).Total);
        await CustomersBenchmark.TimeAsync("counterparts: all", runs, async () => (await services.GetRequiredService<ListCounterparts>().HandleAsync(staff)).Count);
        await CustomersBenchmark.TimeAsync("counterparts: search", runs, async () => (await services.GetRequiredService<ListCounterparts>().HandleAsync(staff, "ann")).Count);
        await CustomersBenchmark.TimeAsync("news: all posts", runs, async () => (await services.GetRequiredService<Loyalty.Core.News.ManagePartnerPosts>().ListAsync(partner)).Count);
        await CustomersBenchmark.TimeAsync("terminals: all", runs, async () => (await services.GetRequiredService<Loyalty.Core.Partners.ListTerminals>().HandleAsync(partner)).Count);
        await CustomersBenchmark.TimeAsync("webhooks: subscriptions", runs, async () => (await services.GetRequiredService<Loyalty.Core.Webhooks.ListWebhookSubscriptions>().HandleAsync(partner)).Count);
        var deliveries = services.GetRequiredService<Loyalty.Core.Webhooks.ListWebhookDeliveries>();
        if (await SeedWebhookLogAsync(path, partner) is > 0 and var seeded)
            Console.WriteLine($"  webhook log: {seeded:N0} deliveries seeded (not part of the figures)");
        await CustomersBenchmark.TimeAsync("webhook log: first page", runs, async () => (await deliveries.HandleAsync(new(partner))).Total);
        await CustomersBenchmark.TimeAsync("webhook log: failed only", runs, async () => (await deliveries.HandleAsync(new(partner, Status: Loyalty.Core.Webhooks.DeliveryStatus.Failed))).Total);
        await CustomersBenchmark.TimeAsync("webhook log: page 100", runs, async () => (await deliveries.HandleAsync(new(partner, Skip: 2_500))).Total);
        var tickets = services.GetRequiredService<Loyalty.Core.Support.SearchTickets>();
        await CustomersBenchmark.TimeAsync("support tickets: first page", runs, async () => (await tickets.HandleAsync(new(partner, 0, 25))).Total);
        await CustomersBenchmark.TimeAsync("support tickets: open only", runs, async () => (await tickets.HandleAsync(new(partner, 0, 25, OpenOnly: true))).Total);
        await CustomersBenchmark.TimeAsync("settlement statements", runs, async () => (await services.GetRequiredService<Loyalty.Core.Settlements.ListSettlements>().ForPartnerAsync(partner)).Count);
        await CustomersBenchmark.TimeAsync("code batches: first page", runs, async () => (await services.GetRequiredService<Loyalty.Core.PromoCodes.ListCodeBatches>().HandleAsync(partner, 0, 25)).Total);
        await CustomersBenchmark.TimeAsync("code applications: first page", runs, async () => (await services.GetRequiredService<Loyalty.Core.PromoCodes.ListCodeApplications>().HandleAsync(partner, null, 0, 25)).Total);
        await CustomersBenchmark.TimeAsync("products: first page", runs, async () => (await services.GetRequiredService<Loyalty.Core.PromoCodes.ListProducts>().HandleAsync(partner, null, 0, 25)).Total);
        await CustomersBenchmark.TimeAsync("activation statistics, 30 days", runs, async () =>
            (await services.GetRequiredService<Loyalty.Core.PromoCodes.GetActivationStats>().HandleAsync(partner, now.Date.AddDays(-29), now.Date.AddDays(1))) is null ? 0 : 1);
        await CustomersBenchmark.TimeAsync("imports: recent", runs, async () => (await services.GetRequiredService<Loyalty.Core.Imports.ListImports>().HandleAsync(partner)).Count);
        await CustomersBenchmark.TimeAsync("integrations", runs, async () => (await services.GetRequiredService<Loyalty.Core.Integrations.ListIntegrations>().HandleAsync(partner)).Count);
    }
}
