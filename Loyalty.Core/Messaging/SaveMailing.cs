using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Messaging;

public sealed record MailingDraft(string Name, MessageChannel Channel, string? Subject, string Body, string? Offer, AudienceDefinition Audience, int ConversionWindowDays = 7);

/// <summary>Creates or edits a draft (or still-scheduled) mailing of the caller: a partner's own, or the operator's.</summary>
public sealed class SaveMailing(ILoyaltyDbFactory dbs, AudienceQuery audiences, TimeProvider clock) : IUseCase
{
    /// <param name="ownerPartnerId">The signed-in partner; null for the operator.</param>
    public async Task<Guid> HandleAsync(Guid? ownerPartnerId, Guid? mailingId, MailingDraft draft, string actor, CancellationToken ct = default)
    {
        Validate(draft, audiences);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = dbs.Create();
        Mailing mailing;
        if (mailingId is { } id)
        {
            mailing = await MailingAccess.FindAsync(db, ownerPartnerId, id, ct);
        }
        else
        {
            mailing = new Mailing(ownerPartnerId, actor, now);
            db.Mailings.Add(mailing);
        }
        mailing.Edit(draft.Name, draft.Channel, draft.Subject, draft.Body, draft.Offer, draft.Audience, draft.ConversionWindowDays, now);
        await db.SaveChangesAsync(ct);
        return mailing.Id;
    }

    public static void Validate(MailingDraft d, AudienceQuery audiences)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(d.Name)) errors["name"] = ["Give the mailing a name."];
        else if (d.Name.Trim().Length > Mailing.NameMaxLength) errors["name"] = [$"A name has at most {Mailing.NameMaxLength} characters."];
        if (d.Channel != MessageChannel.Sms && string.IsNullOrWhiteSpace(d.Subject)) errors["subject"] = ["Write a subject."];
        else if (d.Subject?.Length > OutgoingMessage.SubjectMaxLength) errors["subject"] = [$"A subject has at most {OutgoingMessage.SubjectMaxLength} characters."];
        if (string.IsNullOrWhiteSpace(d.Body)) errors["body"] = ["Write the message."];
        else if (d.Body.Length > (d.Channel == MessageChannel.Sms ? Mailing.SmsMaxLength : Mailing.BodyMaxLength))
            errors["body"] = [d.Channel == MessageChannel.Sms ? $"An SMS text has at most {Mailing.SmsMaxLength} characters." : $"The message has at most {Mailing.BodyMaxLength} characters."];
        if (d.Offer?.Length > Mailing.OfferMaxLength) errors["offer"] = [$"The offer has at most {Mailing.OfferMaxLength} characters."];
        if (d.ConversionWindowDays is < 1 or > 90) errors["conversionWindowDays"] = ["Count conversions over 1 to 90 days."];
        foreach (var (field, source) in new[] { ("subject", d.Subject), ("body", d.Body) })
        {
            try { MessageRenderer.Validate(source, field); }
            catch (ValidationException e) { foreach (var (k, v) in e.Errors) errors.TryAdd(k, v); }
        }
        try { audiences.SourceFor(d.Audience.Kind).Validate(d.Audience); }
        catch (ValidationException e) { foreach (var (k, v) in e.Errors) errors.TryAdd(k, v); }
        if (errors.Count > 0) throw new ValidationException(errors);
    }
}

/// <summary>A partner reaches only its own mailings; the operator only the operator's (partners' mailings are read in the log).</summary>
internal static class MailingAccess
{
    public static async Task<Mailing> FindAsync(ILoyaltyDb db, Guid? ownerPartnerId, Guid id, CancellationToken ct) =>
        await db.Mailings.FirstOrDefaultAsync(m => m.Id == id && m.OwnerPartnerId == ownerPartnerId, ct)
        ?? throw DomainException.NotFound("mailing-not-found", "This mailing does not exist.");
}
