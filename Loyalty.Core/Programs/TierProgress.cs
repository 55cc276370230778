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

    public static async Task UpdateAsync(ILoyaltyDb db, Guid customerId, ProgramSnapshot program, DateTime now, CancellationToken ct)
    {
        if (program.Tiers.Count == 0) return;
        var tierId = program.TierFor(await SpendAsync(db, customerId, program, now, ct))?.Id;
        await db.Customers.Where(c => c.Id == customerId && c.TierId != tierId)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.TierId, tierId), ct);
    }
}
