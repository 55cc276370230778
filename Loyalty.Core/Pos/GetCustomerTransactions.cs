using Loyalty.Core.Common;
using Loyalty.Core.Points;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Pos;

public sealed record PointsMovement(long Id, DateTimeOffset OccurredAt, string Reason, string Description, decimal Points, Guid? TransactionId);

/// <summary>The member's recent point movements at the caller's partner, for the cashier screen. Other partners' activity stays invisible.</summary>
public sealed class GetCustomerTransactions(ILoyaltyDbFactory dbs) : IUseCase
{
    public const int MaxItems = 50;

    public async Task<IReadOnlyList<PointsMovement>> HandleAsync(PosCaller caller, Guid customerId, int take, CancellationToken ct = default)
    {
        take = Math.Clamp(take, 1, MaxItems);
        await using var db = dbs.Create();
        var mainKey = LedgerAccount.KeyFor(AccountKind.CustomerMain, customerId);
        var main = await db.LedgerAccounts.AsNoTracking().Where(a => a.Key == mainKey).Select(a => (long?)a.Id).FirstOrDefaultAsync(ct)
            ?? throw DomainException.NotFound("customer-not-found", "No member with this id.");
        var rows = await db.Transfers.AsNoTracking()
            .Where(t => t.CustomerId == customerId && t.PartnerId == caller.PartnerId)
            .OrderByDescending(t => t.Id)
            .Take(take)
            .Select(t => new { t.Id, t.OccurredAt, t.Reason, t.Description, t.PurchaseId, Points = t.Entries.Where(e => e.AccountId == main).Sum(e => e.Amount) })
            .ToListAsync(ct);
        return rows.Select(r => new PointsMovement(r.Id, new DateTimeOffset(r.OccurredAt, TimeSpan.Zero), r.Reason, r.Description, PointValue.ToDecimal(r.Points), r.PurchaseId)).ToList();
    }
}
