using Loyalty.Core.Analytics;
using Loyalty.Core.Segments;
using Quartz;

namespace Loyalty.Web.Jobs;

/// <summary>Profiles, RFM scores and the day's segment history, then every rule-based segment; a second run on the same day replaces the day's figures.</summary>
[DisallowConcurrentExecution]
public sealed class RecalculateSegmentsJob(RecalculateSegments recalculate, RestoreProfileOrder restoreOrder, RefreshSegments refresh, UpdateSalesRollups rebuildRollups,
    IConfiguration configuration, ILogger<RecalculateSegmentsJob> logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        // Sunday nights rebuild the profiles from the whole history (favourites, merged members); other nights catch up (0068).
        var rebuild = context.FireTimeUtc.UtcDateTime.DayOfWeek == DayOfWeek.Sunday;
        var result = rebuild ? await recalculate.RebuildAsync(cancellationToken) : await recalculate.HandleAsync(ct: cancellationToken);
        if (rebuild)
        {
            // The rebuild has rewritten every profile: a good moment to put the rows back in key order on SQLite (0280).
            var order = await restoreOrder.HandleAsync(cancellationToken);
            logger.LogInformation("Profiles put back in key order: {Rows} row(s) of {Scopes} scope(s) in {Took}", order.Rows, order.Scopes, order.Took);
        }
        if (rebuild && RebuildsRollups(configuration))
        {
            var rollups = await rebuildRollups.RebuildAsync(cancellationToken);
            logger.LogInformation("Analytics roll-ups rebuilt from {Purchases} purchase(s)", rollups.Purchases);
        }
        logger.LogInformation("Segments recalculated for {Day:d} (rebuilt: {Rebuilt}): {Profiles} new profile(s), {Scored} scored; profiles {ProfilesTook}, scoring {ScoringTook}",
            result.Day, result.Rebuilt, result.Profiles, result.Scored, result.ProfilesTook, result.ScoringTook);
        // Rule-based segments read the fresh profiles and RFM scores, so they refresh after them.
        var segments = await refresh.HandleAsync(ct: cancellationToken);
        logger.LogInformation("Dynamic segments refreshed: {Segments}", segments);
    }

    /// <summary>
    /// Whether the Sunday rebuild starts the analytics roll-ups again too: merged members change who the buyers and cohorts
    /// were (0220). At millions of receipts that is minutes of batched writes (0230), so an operator whose members rarely
    /// merge can turn it off with Analytics:WeeklyRebuild.
    /// </summary>
    public static bool RebuildsRollups(IConfiguration configuration) => configuration.GetValue("Analytics:WeeklyRebuild", true);
}

/// <summary>Adds the last minute's purchases and refunds to the members' profile aggregates (0068).</summary>
[DisallowConcurrentExecution]
public sealed class UpdateCustomerProfilesJob(UpdateCustomerProfiles update, ILogger<UpdateCustomerProfilesJob> logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var result = await update.HandleAsync(cancellationToken);
        if (result.Purchases + result.Refunds > 0)
            logger.LogDebug("Profiles updated: {Purchases} purchase(s), {Refunds} refund(s)", result.Purchases, result.Refunds);
    }
}

/// <summary>Adds the last minute's purchases and refunds to the analytics roll-ups (0220).</summary>
[DisallowConcurrentExecution]
public sealed class UpdateSalesRollupsJob(UpdateSalesRollups update, ILogger<UpdateSalesRollupsJob> logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var result = await update.HandleAsync(cancellationToken);
        if (result.Purchases + result.Refunds > 0)
            logger.LogDebug("Analytics roll-ups updated: {Purchases} purchase(s), {Refunds} refund(s)", result.Purchases, result.Refunds);
    }
}

/// <summary>Counts the buyers of the Analytics page's periods once yesterday has closed (0250).</summary>
[DisallowConcurrentExecution]
public sealed class CountPresetPeriodBuyersJob(CountPresetPeriodBuyers count, ILogger<CountPresetPeriodBuyersJob> logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var (periods, failed) = await count.HandleAsync(cancellationToken);
        foreach (var (scope, error) in failed) logger.LogError(error, "Buyers of the analytics periods of {Scope} could not be counted", scope?.ToString() ?? "the coalition");
        logger.LogInformation("Buyers of {Periods} analytics period(s) counted in {Took}", periods, watch.Elapsed);
    }
}
