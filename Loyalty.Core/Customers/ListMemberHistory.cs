using Loyalty.Core.Common;
using Loyalty.Core.Points;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Customers;

/// <summary>What a movement was, in the member's words.</summary>
public enum MovementKind
{
    Earned,
    Spent,
    Expired,
    Refunded,
    Promo,
    Other,
}

public sealed record HistoryFilter(MovementKind? Kind, DateTime? From, DateTime? To, int Page = 0, int PageSize = 20);

/// <param name="Main">Change of the main account, hundredths of a point.</param>
/// <param name="Promo">Change of the promo account, hundredths of a point.</param>
public sealed record HistoryRow(long Id, DateTime OccurredAt, MovementKind Kind, string Description, string? Partner, long Main, long Promo, Guid? PurchaseId);

/// <summary>Every transfer of the member, with its plain-language description, filtered and paged in the database.</summary>
public sealed class ListMemberHistory(ILoyaltyDbFactory dbs) : IUseCase
{
    public static MovementKind KindOf(string reason) => reason switch
    {
        Reasons.PurchaseEarn or Reasons.WelcomeBonus or Reviews.Review.RewardReason or Reasons.DebtSettled => MovementKind.Earned,
        Reasons.PurchaseRedeem => MovementKind.Spent,
        Reasons.Expiry => MovementKind.Expired,
        Reasons.RefundEarnReversal or Reasons.RefundRedeemReturn => MovementKind.Refunded,
        Reasons.PromoCode or Reasons.TopUpReserved or Reasons.TopUpReturned => MovementKind.Promo,
        _ => MovementKind.Other,
    };

    private static string[] ReasonsOf(MovementKind kind) => kind switch
    {
        MovementKind.Earned => [Reasons.PurchaseEarn, Reasons.WelcomeBonus, Reviews.Review.RewardReason, Reasons.DebtSettled],
        MovementKind.Spent => [Reasons.PurchaseRedeem],
        MovementKind.Expired => [Reasons.Expiry],
        MovementKind.Refunded => [Reasons.RefundEarnReversal, Reasons.RefundRedeemReturn],
        MovementKind.Promo => [Reasons.PromoCode, Reasons.TopUpReserved, Reasons.TopUpReturned],
        _ => [],
    };

    public async Task<Messaging.Page<HistoryRow>> HandleAsync(Guid customerId, HistoryFilter filter, CancellationToken ct = default)
    {
        var size = Math.Clamp(filter.PageSize, 1, 100);
        await using var db = dbs.Create();
        var accounts = await db.LedgerAccounts.AsNoTracking().Where(a => a.CustomerId == customerId).Select(a => new { a.Id, a.Kind }).ToListAsync(ct);
        var mainId = accounts.FirstOrDefault(a => a.Kind == AccountKind.CustomerMain)?.Id ?? -1;
        var promoId = accounts.FirstOrDefault(a => a.Kind == AccountKind.CustomerPromo)?.Id ?? -1;
        var transfers = db.Transfers.AsNoTracking().Where(t => t.CustomerId == customerId);
        if (filter.Kind is { } kind)
        {
            if (kind == MovementKind.Other)
            {
                var known = Enum.GetValues<MovementKind>().SelectMany(ReasonsOf).ToArray();
                transfers = transfers.Where(t => !known.Contains(t.Reason));
            }
            else
            {
                var reasons = ReasonsOf(kind);
                transfers = transfers.Where(t => reasons.Contains(t.Reason));
            }
        }
        if (filter.From is { } from) transfers = transfers.Where(t => t.OccurredAt >= from);
        if (filter.To is { } to) transfers = transfers.Where(t => t.OccurredAt < to);
        var total = await transfers.CountAsync(ct);
        var rows = await transfers.OrderByDescending(t => t.Id).Skip(Math.Max(0, filter.Page) * size).Take(size)
            .Select(t => new
            {
                t.Id, t.OccurredAt, t.Reason, t.Description, t.PurchaseId,
                Partner = db.Partners.Where(p => p.Id == t.PartnerId).Select(p => p.Name).FirstOrDefault(),
                Main = t.Entries.Where(e => e.AccountId == mainId).Sum(e => e.Amount),
                Promo = t.Entries.Where(e => e.AccountId == promoId).Sum(e => e.Amount),
            })
            .ToListAsync(ct);
        return new Messaging.Page<HistoryRow>(
            rows.Select(r => new HistoryRow(r.Id, r.OccurredAt, KindOf(r.Reason), r.Description, r.Partner, r.Main, r.Promo, r.PurchaseId)).ToList(), total);
    }
}
