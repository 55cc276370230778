using Loyalty.Core.Common;
using Loyalty.Core.Points;
using Loyalty.Core.Programs;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Customers;

public sealed record CustomerCard(
    Guid Id, string Name, string Phone, string? Email, string? City, CustomerStatus Status, DateTime RegisteredAt, string Source,
    string? Tier, long MainBalance, long PromoBalance, long Debt, IReadOnlyList<string> Cards);

/// <summary>The operator's full view of one member: profile, cards and both accounts (the transfers page apart).</summary>
public sealed class GetCustomerCard(ILoyaltyDbFactory dbs) : IUseCase
{
    public async Task<CustomerCard> HandleAsync(Guid customerId, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var c = await db.Customers.AsNoTracking().FirstOrDefaultAsync(x => x.Id == customerId, ct)
            ?? throw DomainException.NotFound("customer-not-found", "No member with this id.");
        var program = await GetProgram.LoadAsync(db, ct);
        var accounts = await db.LedgerAccounts.AsNoTracking().Where(a => a.CustomerId == customerId).ToListAsync(ct);
        var mainId = accounts.FirstOrDefault(a => a.Kind == AccountKind.CustomerMain)?.Id ?? -1;
        var promoId = accounts.FirstOrDefault(a => a.Kind == AccountKind.CustomerPromo)?.Id ?? -1;
        return new CustomerCard(c.Id, c.DisplayName, c.Phone, c.Email, c.City, c.Status, c.RegisteredAt, c.Source,
            c.TierId is { } tierId ? program.Tiers.FirstOrDefault(t => t.Id == tierId)?.Name : null,
            accounts.FirstOrDefault(a => a.Id == mainId)?.Balance ?? 0,
            accounts.FirstOrDefault(a => a.Id == promoId)?.Balance ?? 0,
            await db.PointsDebts.Where(d => d.CustomerId == customerId).SumAsync(d => d.Remaining, ct),
            await db.Cards.Where(k => k.CustomerId == customerId).Select(k => k.Number).ToListAsync(ct));
    }
}
