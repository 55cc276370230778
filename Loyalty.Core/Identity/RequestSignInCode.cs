using Loyalty.Core.Common;
using Loyalty.Core.Customers;
using Loyalty.Core.Messaging;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Identity;

public sealed record SignInCodeRequested(string Phone, bool IsRegistered);

/// <summary>Sends a one-time sign-in code by SMS. Transactional: sent whatever the marketing consents say.</summary>
public sealed class RequestSignInCode(ILoyaltyDbFactory dbs, ISmsSender sms, TimeProvider clock) : IUseCase
{
    /// <summary>More than this many codes per phone per hour looks like abuse (SMS pumping) and is refused.</summary>
    public const int MaxCodesPerHour = 5;

    public async Task<SignInCodeRequested> HandleAsync(string phoneInput, string defaultRegion, CancellationToken ct = default)
    {
        if (!PhoneNumber.TryParse(phoneInput, defaultRegion, out var phone))
            throw ValidationException.For("phone", "Enter a mobile number with its country code, for example +7 701 000 00 01.");

        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = dbs.Create();
        var customer = await db.Customers.AsNoTracking()
            .Where(c => c.Phone == phone!.Value)
            .Select(c => new { c.Id, c.Status })
            .FirstOrDefaultAsync(ct);
        if (customer is not null && customer.Status != CustomerStatus.Active)
            throw new DomainException("customer-blocked", "This membership is blocked. Please contact the program's support.");

        var hourAgo = now.AddHours(-1);
        var recent = await db.OneTimeCodes.CountAsync(c => c.Phone == phone!.Value && c.CreatedAt > hourAgo, ct);
        if (recent >= MaxCodesPerHour)
        {
            // The operator sees it in the data log (kind security.*): once per phone and hour, however often it is retried.
            var alerted = await db.AuditEvents.AnyAsync(a => a.Kind == SecurityAlerts.SmsCodeLimit && a.OccurredAt > hourAgo && a.Summary.Contains(PersonalData.MaskPhone(phone!.Value)), ct);
            if (!alerted)
            {
                db.AuditEvents.Add(new Audit.AuditEvent(now, SecurityAlerts.SmsCodeLimit, "system",
                    $"Sign-in codes for {PersonalData.MaskPhone(phone!.Value)} stopped after {MaxCodesPerHour} in an hour (possible SMS pumping)", customerId: customer?.Id));
                await db.SaveChangesAsync(ct);
            }
            throw new DomainException("too-many-codes", "Too many codes were requested for this number. Please try again in an hour.", 429);
        }

        var (code, plain) = OneTimeCode.Issue(phone!.Value, now);
        var body = $"Your sign-in code: {plain}. It is valid for {OneTimeCode.Lifetime.TotalMinutes:0} minutes. Never share it.";
        var message = new OutgoingMessage(MessageChannel.Sms, phone.Value, null, body, isTransactional: true, now, customerId: customer?.Id);
        db.OneTimeCodes.Add(code);
        db.OutgoingMessages.Add(message);
        // Saved before sending so the provider's delivery reports can find the row by its id.
        await db.SaveChangesAsync(ct);

        var result = await sms.SendAsync(phone.Value, body, ct, message.Id);
        if (result.Succeeded) message.MarkSent(result.Provider, result.ProviderMessageId, now);
        else message.MarkFailed(result.Provider, result.Error ?? "unknown error", result.ErrorCode);
        await db.SaveChangesAsync(ct);

        if (!result.Succeeded)
            throw new DomainException("sms-failed", "We could not send the code right now. Please try again in a minute.", 503);
        return new SignInCodeRequested(phone.Value, customer is not null);
    }
}
