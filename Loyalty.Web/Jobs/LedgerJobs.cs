using Loyalty.Core.Points;
using Loyalty.Core.Programs;
using Loyalty.Core.Settlements;
using Quartz;

namespace Loyalty.Web.Jobs;

/// <summary>Points expire oldest-lot-first; safe to run twice (the second run finds nothing).</summary>
[DisallowConcurrentExecution]
public sealed class ExpirePointsJob(ExpirePoints expire, ILogger<ExpirePointsJob> logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var lots = await expire.HandleAsync(ct: cancellationToken);
        logger.LogInformation("Points expiry: {Lots} lot(s) expired", lots);
    }
}

/// <summary>Proves the ledger's invariants and reports any account that breaks them.</summary>
[DisallowConcurrentExecution]
public sealed class ReconcileLedgerJob(ReconcileLedger reconcile, ILogger<ReconcileLedgerJob> logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var report = await reconcile.HandleAsync(cancellationToken);
        if (report.IsHealthy)
        {
            logger.LogInformation("Ledger reconciled: {Accounts} accounts, all invariants hold", report.AccountsChecked);
            return;
        }
        logger.LogCritical("Ledger reconciliation FAILED: entries total {Total}, {Unbalanced} unbalanced transfer(s), {Mismatches} account mismatch(es), {Negative} negative member account(s): {Details}",
            report.EntriesTotal, report.UnbalancedTransfers.Count, report.Mismatches.Count, report.NegativeCustomerAccounts,
            string.Join("; ", report.Mismatches.Select(m => $"{m.Key}: cached {m.CachedBalance}, entries {m.EntriesSum}, lots {m.LotsRemaining}")));
    }
}

/// <summary>Tiers over a rolling window change as old purchases leave it.</summary>
[DisallowConcurrentExecution]
public sealed class RecalculateTiersJob(RecalculateTiers recalculate, ILogger<RecalculateTiersJob> logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var changed = await recalculate.HandleAsync(cancellationToken);
        logger.LogInformation("Tiers recalculated: {Changed} member(s) changed tier", changed);
    }
}

/// <summary>
/// Drafts the statements of the month that has just ended. Runs daily: closing is idempotent, so the runs after the
/// first find every statement already there, and a month missed while the app was down is closed the next day.
/// </summary>
[DisallowConcurrentExecution]
public sealed class CloseSettlementsJob(CloseSettlementPeriod close, TimeProvider clock, ILogger<CloseSettlementsJob> logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var period = SettlementPeriod.LastFinished(clock.GetUtcNow().UtcDateTime);
        var closed = await close.HandleAsync(period, "system", cancellationToken);
        if (closed.Created > 0)
            logger.LogInformation("Settlement period {Period} closed: {Created} statement(s) drafted", period, closed.Created);
    }
}
