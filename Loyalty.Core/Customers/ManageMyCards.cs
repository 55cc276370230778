using Loyalty.Core.Audit;
using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Customers;

/// <summary>
/// A member links a plastic card from a batch the operator printed (number with its check digit) or blocks a lost one.
/// A blocked card stays blocked: a found card is not unblocked, a new one is linked (the old number may be compromised).
/// </summary>
public sealed class ManageMyCards(ILoyaltyDbFactory dbs, TimeProvider clock) : IUseCase
{
    public async Task LinkAsync(Guid customerId, string? number, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(number) || !CardNumber.IsValid(number))
            throw ValidationException.For("number", "Check the number: 16 digits from the front of the card; the last one is a check digit.");
        var normalized = CardNumber.Normalize(number);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = dbs.Create();
        await using var tx = await db.BeginWriteAsync(ct);
        var card = await db.Cards.FirstOrDefaultAsync(c => c.Number == normalized, ct)
            ?? throw DomainException.NotFound("card-not-found", "We do not know this card. Check the number or ask at the till where you got it.");
        if (card.CustomerId == customerId && card.Status == CardStatus.Active) return;
        card.LinkTo(customerId, now);
        db.AuditEvents.Add(new AuditEvent(now, "card.linked", null, $"Card •••• {normalized[^4..]} linked by the member", customerId: customerId));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    public async Task BlockAsync(Guid customerId, Guid cardId, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = dbs.Create();
        await using var tx = await db.BeginWriteAsync(ct);
        var card = await db.Cards.FirstOrDefaultAsync(c => c.Id == cardId && c.CustomerId == customerId, ct)
            ?? throw DomainException.NotFound("card-not-found", "This card is not linked to you.");
        if (card.Status == CardStatus.Blocked) return;
        card.Block();
        db.AuditEvents.Add(new AuditEvent(now, "card.blocked", null, $"Card •••• {card.Number[^4..]} blocked by the member (lost)", customerId: customerId));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>New key and secret for the phone card: any QR shown before is dead at once.</summary>
    public async Task RenewVirtualCardAsync(Guid customerId, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = dbs.Create();
        await using var tx = await db.BeginWriteAsync(ct);
        var card = await db.VirtualCards.FirstOrDefaultAsync(v => v.CustomerId == customerId, ct);
        if (card is null) return;
        card.Rotate(now);
        db.AuditEvents.Add(new AuditEvent(now, "card.renewed", null, "Virtual card renewed by the member", customerId: customerId));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }
}
