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
    /// <returns>Whether the member's tier changed.</returns>
    public static async Task<bool> UpdateAsync(RawSql sql, Guid customerId, ProgramSnapshot program, DateTime now, CancellationToken ct)
    {
        if (program.Tiers.Count == 0) return false;
        var spend = await sql.ScalarAsync<long?>(
            """SELECT SUM("Amount" - "RefundedAmount") FROM "Purchases" WHERE "CustomerId" = @customer AND "OccurredAt" >= @since AND "Currency" = @currency""",
            ct, ("@customer", customerId), ("@since", now.AddDays(-program.Settings.TierWindowDays)), ("@currency", program.Settings.Currency)) ?? 0;
        var tierId = program.TierFor(spend)?.Id;
        if (tierId is null)
            return await sql.ExecuteAsync("""UPDATE "Customers" SET "TierId" = NULL WHERE "Id" = @customer AND "TierId" IS NOT NULL""", ct, ("@customer", customerId)) == 1;
        return await sql.ExecuteAsync("""UPDATE "Customers" SET "TierId" = @tier WHERE "Id" = @customer AND ("TierId" IS NULL OR "TierId" <> @tier)""",
                ct, ("@tier", tierId), ("@customer", customerId)) == 1;
    }

    /// <summary>A tier change is an event for the partner whose receipt caused it (webhooks, decision 0101).</summary>
    public static async Task AddChangeEventAsync(RawSql sql, Guid partnerId, Guid customerId, ProgramSnapshot program, DateTime now, CancellationToken ct)
    {
        var tierId = await sql.ScalarAsync<object>("""SELECT "TierId" FROM "Customers" WHERE "Id" = @customer""", ct, ("@customer", customerId));
        var tier = tierId is null ? null : program.Tiers.FirstOrDefault(t => t.Id == Guid.Parse(tierId.ToString()!));
        await Webhooks.Outbox.AddAsync(sql, partnerId, Webhooks.WebhookEvents.TierChange, now, new Webhooks.TierChangeEventData(customerId, tier?.Id, tier?.Name), ct);
    }
}
