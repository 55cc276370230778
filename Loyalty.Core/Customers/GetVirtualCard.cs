using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Customers;

public sealed record PlasticCardView(Guid Id, string Number, CardStatus Status, DateTime? LinkedAt)
{
    /// <summary>"6420 •••• •••• 0017": enough to recognise one's card, not enough to copy it from a screen.</summary>
    public string Masked => $"{Number[..4]} •••• •••• {Number[^4..]}";
}

public sealed record VirtualCardView(string Token, DateTime ValidUntil, string Name, IReadOnlyList<PlasticCardView> Cards);

/// <summary>
/// The member's card screen: the token to show now (made on first use), when it changes, and the plastic cards
/// linked to the member.
/// </summary>
public sealed class GetVirtualCard(ILoyaltyDbFactory dbs, TimeProvider clock) : IUseCase
{
    public async Task<VirtualCardView> HandleAsync(Guid customerId, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = dbs.Create();
        var customer = await db.Customers.AsNoTracking().Where(c => c.Id == customerId && c.Status == CustomerStatus.Active)
            .Select(c => new { c.FirstName, c.LastName }).FirstOrDefaultAsync(ct)
            ?? throw DomainException.NotFound("customer-not-found", "This member does not exist.");
        var card = await db.VirtualCards.AsNoTracking().FirstOrDefaultAsync(v => v.CustomerId == customerId, ct)
            ?? await CreateAsync(db, customerId, now, ct);
        var plastic = await db.Cards.AsNoTracking().Where(c => c.CustomerId == customerId).OrderByDescending(c => c.LinkedAt)
            .Select(c => new PlasticCardView(c.Id, c.Number, c.Status, c.LinkedAt)).ToListAsync(ct);
        var name = string.IsNullOrWhiteSpace(customer.LastName) ? customer.FirstName : $"{customer.FirstName} {customer.LastName}";
        return new VirtualCardView(CardToken.Issue(card.Key, card.Secret, now), CardToken.NextChangeAfter(now), name, plastic);
    }

    private static async Task<VirtualCard> CreateAsync(ILoyaltyDb db, Guid customerId, DateTime now, CancellationToken ct)
    {
        await using var tx = await db.BeginWriteAsync(ct);
        // Another tab may have made it a moment ago: the primary key decides, and we read the winner.
        var existing = await db.VirtualCards.AsNoTracking().FirstOrDefaultAsync(v => v.CustomerId == customerId, ct);
        if (existing is not null) return existing;
        var card = new VirtualCard(customerId, now);
        db.VirtualCards.Add(card);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return card;
    }
}
