using Loyalty.Core.Audit;
using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Messaging;

public sealed record UnsubscribeResult(bool Succeeded, MessageChannel? Channel);

/// <summary>
/// The signed link in every marketing message: withdraws the member's consent for that channel at once (the dispatcher checks
/// consent per message, so messages still queued are skipped) and records the unsubscribe against the mailing.
/// </summary>
public sealed class Unsubscribe(ILoyaltyDbFactory dbs, MessageLinks links, TimeProvider clock) : IUseCase
{
    public async Task<UnsubscribeResult> HandleAsync(string token, CancellationToken ct = default)
    {
        if (!links.TryReadUnsubscribe(token, out var messageId)) return new UnsubscribeResult(false, null);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = dbs.Create();
        await using var tx = await db.BeginWriteAsync(ct);
        var message = await db.OutgoingMessages.FirstOrDefaultAsync(m => m.Id == messageId, ct);
        if (message is null) return new UnsubscribeResult(false, null);
        if (message.CustomerId is { } customerId && await db.Customers.FirstOrDefaultAsync(c => c.Id == customerId, ct) is { } customer)
        {
            if (message.Channel == MessageChannel.Email) customer.SetEmailConsent(false, now);
            if (message.Channel == MessageChannel.Sms) customer.SetSmsConsent(false, now);
            if (message.UnsubscribedAt is null)
                db.AuditEvents.Add(new AuditEvent(now, "customer.unsubscribed", "link", $"Unsubscribed from {message.Channel} via a message link", message.OwnerPartnerId, customerId));
        }
        message.MarkUnsubscribed(now);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new UnsubscribeResult(true, message.Channel);
    }
}
