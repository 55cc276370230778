using Loyalty.Core.Audit;
using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Customers;

public enum CardAction
{
    Link,
    Unlink,
    Block,
    Unblock,
}

/// <summary>Link takes the member to link to; the number may carry the spaces and dashes of print.</summary>
public sealed record ChangeCardCommand(string Number, CardAction Action, string Actor, Guid? CustomerId = null);

/// <summary>
/// The operator links a plastic card to a member, unlinks it, blocks it (lost or stolen: the till refuses it) or lifts
/// the block. Every change is audited on the member.
/// </summary>
public sealed class ChangeCard(ILoyaltyDbFactory dbs, TimeProvider clock) : IUseCase
{
    public async Task HandleAsync(ChangeCardCommand command, CancellationToken ct = default)
    {
        if (!CardNumber.IsValid(command.Number)) throw ValidationException.For("number", "The card number or its check digit is wrong.");
        var number = CardNumber.Normalize(command.Number);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = dbs.Create();
        await using var tx = await db.BeginWriteAsync(ct);
        var card = await db.Cards.FirstOrDefaultAsync(k => k.Number == number, ct)
            ?? throw DomainException.NotFound("card-not-found", "No card with this number was issued.");
        var owner = card.CustomerId;
        switch (command.Action)
        {
            case CardAction.Link:
                var customerId = command.CustomerId ?? throw ValidationException.For("customer", "Choose the member.");
                var status = await db.Customers.Where(c => c.Id == customerId).Select(c => (CustomerStatus?)c.Status).FirstOrDefaultAsync(ct)
                    ?? throw DomainException.NotFound("customer-not-found", "No member with this id.");
                if (status == CustomerStatus.Merged) throw DomainException.Conflict("customer-merged", "This member was merged into another one.");
                card.LinkTo(customerId, now);
                owner = customerId;
                break;
            case CardAction.Unlink:
                card.Unlink();
                break;
            case CardAction.Block:
                card.Block();
                break;
            case CardAction.Unblock:
                card.Unblock();
                break;
            default:
                throw ValidationException.For("action", "Unknown action.");
        }
        db.AuditEvents.Add(new AuditEvent(now, "card." + command.Action.ToString().ToLowerInvariant(), command.Actor, $"Card {number}", customerId: owner));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }
}
