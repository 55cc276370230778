using Loyalty.Core.Common;
using Loyalty.Core.Dashboard;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Customers;

public sealed record MemberHome(string FirstName, string PhoneMasked, DateTime MemberSince, int Purchases, int PartnersVisited, IReadOnlyList<RecentPurchase> Recent);

/// <summary>What a member sees first in their personal area.</summary>
public sealed class GetMemberHome(ILoyaltyDbFactory dbs) : IUseCase
{
    public async Task<MemberHome> HandleAsync(Guid customerId, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var customer = await db.Customers.AsNoTracking().FirstOrDefaultAsync(c => c.Id == customerId, ct)
            ?? throw DomainException.NotFound("customer-not-found", "This member does not exist.");
        PhoneNumber.TryParse(customer.Phone, "ZZ", out var phone);
        var own = db.Purchases.Where(p => p.CustomerId == customerId);
        var recent = await own.OrderByDescending(p => p.OccurredAt).Take(10)
            .Join(db.Partners, p => p.PartnerId, partner => partner.Id, (p, partner) => new RecentPurchase(
                p.Id, p.OccurredAt, partner.Name, customer.FirstName, p.Amount, p.Currency, p.EarnedPoints, p.RedeemedPoints))
            .ToListAsync(ct);
        return new MemberHome(
            customer.FirstName,
            phone?.Masked ?? customer.Phone,
            customer.RegisteredAt,
            await own.CountAsync(ct),
            await own.Select(p => p.PartnerId).Distinct().CountAsync(ct),
            recent.OrderByDescending(r => r.OccurredAt).ToList());
    }
}
