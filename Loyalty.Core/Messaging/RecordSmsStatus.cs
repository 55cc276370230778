using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Messaging;

/// <summary>A provider's delivery report (Twilio status callback), already authenticated by the endpoint.</summary>
public sealed record SmsStatusReport(long? MessageId, string ProviderMessageId, string Status, string? ErrorCode, string? ErrorText, bool IsPermanentOptOut);

/// <summary>
/// Applies a delivery report: "delivered" marks the message delivered; "failed"/"undelivered" marks it failed with the
/// provider's code. Reports arrive out of order, so a later "sent" never overwrites a final state. A carrier-level opt-out
/// (Twilio 21610, the member texted STOP) also withdraws the member's SMS consent.
/// </summary>
public sealed class RecordSmsStatus(ILoyaltyDbFactory dbs, TimeProvider clock) : IUseCase
{
    public async Task<bool> HandleAsync(SmsStatusReport report, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = dbs.Create();
        await using var tx = await db.BeginWriteAsync(ct);
        var message = report.MessageId is { } id
            ? await db.OutgoingMessages.FirstOrDefaultAsync(m => m.Id == id && (m.ProviderMessageId == report.ProviderMessageId || m.ProviderMessageId == null), ct)
            : await db.OutgoingMessages.FirstOrDefaultAsync(m => m.ProviderMessageId == report.ProviderMessageId, ct);
        if (message is null) return false;
        message.ApplyDeliveryReport(report.Status, report.ErrorCode, report.ErrorText, now);
        if (report.IsPermanentOptOut && message.CustomerId is { } customerId)
            await db.Customers.Where(c => c.Id == customerId).ExecuteUpdateAsync(s => s.SetProperty(c => c.SmsConsentAt, (DateTime?)null), ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return true;
    }
}
