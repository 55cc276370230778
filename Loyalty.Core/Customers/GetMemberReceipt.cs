using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Customers;

public sealed record ReceiptLine(string Name, decimal Quantity, long Amount);

public sealed record MemberReceipt(Guid Id, string Partner, string Store, string? StoreAddress, string ReceiptNumber, DateTime OccurredAt,
    long Amount, long Discount, string Currency, long Earned, long Redeemed, long Refunded, IReadOnlyList<ReceiptLine> Lines, bool Reviewed);

/// <summary>One purchase of the member as a receipt: lines, points earned and spent, refunds. Only the member's own.</summary>
public sealed class GetMemberReceipt(ILoyaltyDbFactory dbs) : IUseCase
{
    public async Task<MemberReceipt> HandleAsync(Guid customerId, Guid purchaseId, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var p = await db.Purchases.AsNoTracking().Include(x => x.Items).FirstOrDefaultAsync(x => x.Id == purchaseId && x.CustomerId == customerId, ct)
            ?? throw DomainException.NotFound("purchase-not-found", "This purchase is not in your history.");
        var partner = await db.Partners.Where(x => x.Id == p.PartnerId).Select(x => x.Name).FirstAsync(ct);
        var store = await db.Stores.Where(s => s.Id == p.StoreId).Select(s => new { s.Name, s.Address }).FirstOrDefaultAsync(ct);
        var reviewed = await db.Reviews.AnyAsync(r => r.PurchaseId == purchaseId, ct);
        return new MemberReceipt(p.Id, partner, store?.Name ?? "", store?.Address, p.ReceiptNumber, p.OccurredAt, p.Amount, p.DiscountAmount, p.Currency,
            p.EarnedPoints - p.ReversedEarned, p.RedeemedPoints - p.ReturnedRedeemed, p.RefundedAmount,
            p.Items.Select(i => new ReceiptLine(i.Name, i.Quantity, i.Price)).ToList(), reviewed);
    }
}
