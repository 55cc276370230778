using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Programs;

/// <summary>Puts a member in the tier their spend over the rolling window earns. Refunds lower the spend, so they lower the tier too.</summary>
internal static class TierProgress
{
    public static async Task<long> SpendAsync(ILoyaltyDb db, Guid customerId, ProgramSnapshot program, DateTime now, CancellationToken ct)
    {
        var since = now.AddDays(-program.Settings.TierWindowDays);
        var currency = program.Settings.Currency;
        return await db.Purchases
            .Where(p => p.CustomerId == customerId && p.OccurredAt >= since && p.Currency == currency)
            .SumAsync(p => p.Amount - p.RefundedAmount, ct);
    }

    /// <summary>Runs inside the purchase or refund transaction, so it counts that receipt; plain SQL on the hot path.</summary>
    public static async Task UpdateAsync(RawSql sql, Guid customerId, ProgramSnapshot program, DateTime now, CancellationToken ct)
    {
        if (program.Tiers.Count == 0) return;
        var spend = await sql.ScalarAsync<long?>(
            """SELECT SUM("Amount" - "RefundedAmount") FROM "Purchases" WHERE "CustomerId" = @customer AND "OccurredAt" >= @since AND "Currency" = @currency""",
            ct, ("@customer", customerId), ("@since", now.AddDays(-program.Settings.TierWindowDays)), ("@currency", program.Settings.Currency)) ?? 0;
        var tierId = program.TierFor(spend)?.Id;
        if (tierId is null)
            await sql.ExecuteAsync("""UPDATE "Customers" SET "TierId" = NULL WHERE "Id" = @customer AND "TierId" IS NOT NULL""", ct, ("@customer", customerId));
        else
            await sql.ExecuteAsync("""UPDATE "Customers" SET "TierId" = @tier WHERE "Id" = @customer AND ("TierId" IS NULL OR "TierId" <> @tier)""",
                ct, ("@tier", tierId), ("@customer", customerId));
    }
}
