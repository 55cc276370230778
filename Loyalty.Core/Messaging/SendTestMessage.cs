using Loyalty.Core.Common;
using Loyalty.Core.Customers;

namespace Loyalty.Core.Messaging;

/// <summary>
/// Sends the unsaved content once to an address the staff member types, rendered for a sample member, straight through the
/// channel (no queue), so they see it in their own mailbox or phone. Logged as a test; never counted in the figures.
/// </summary>
public sealed class SendTestMessage(ILoyaltyDbFactory dbs, IEmailSender email, ISmsSender sms, MessageRenderer renderer, TimeProvider clock) : IUseCase
{
    public async Task<SendResult> HandleAsync(Guid? ownerPartnerId, MailingDraft draft, string address, string defaultRegion, CancellationToken ct = default)
    {
        MessageRenderer.Validate(draft.Subject, "subject");
        MessageRenderer.Validate(draft.Body, "body");
        string to;
        switch (draft.Channel)
        {
            case MessageChannel.Email when System.Net.Mail.MailAddress.TryCreate(address?.Trim(), out var mail) && mail.Address.Contains('.'):
                to = mail.Address;
                break;
            case MessageChannel.Email:
                throw ValidationException.For("testAddress", "Enter an e-mail address, for example you@example.com.");
            case MessageChannel.Sms when PhoneNumber.TryParse(address, defaultRegion, out var phone):
                to = phone!.Value;
                break;
            case MessageChannel.Sms:
                throw ValidationException.For("testAddress", "Enter a mobile number with its country code.");
            default:
                throw ValidationException.For("testAddress", "In-app messages cannot be test-sent; use the preview.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = dbs.Create();
        var sender = await Recipients.SenderNameAsync(db, ownerPartnerId, ct);
        var row = OutgoingMessage.Test(draft.Channel, to, null, "", ownerPartnerId, now);
        db.OutgoingMessages.Add(row);
        await db.SaveChangesAsync(ct);

        var content = new MailingContent(Guid.NewGuid(), DateTime.MinValue, draft.Channel, draft.Subject is null ? null : "[TEST] " + draft.Subject, draft.Body, draft.Offer, sender);
        var rendered = renderer.Render(content, RecipientData.Sample.Model(sender), row.Id);
        row.SetContent(rendered.Subject, rendered.Text);
        SendResult result;
        try
        {
            result = draft.Channel == MessageChannel.Email
                ? await email.SendAsync(new EmailMessage(to, null, rendered.Subject ?? "", rendered.Html!, rendered.Text, rendered.UnsubscribeUrl, $"t{row.Id}"), ct)
                : await sms.SendAsync(to, rendered.Text, ct, row.Id);
        }
        catch (Exception e)
        {
            // The row was born "sending" and no dispatcher ever takes it up: close it here, whatever stopped the send.
            row.MarkFailed("test-send", e is OperationCanceledException ? "The test send was cancelled." : e.Message);
            await db.SaveChangesAsync(CancellationToken.None);
            throw;
        }
        if (result.Succeeded) row.MarkSent(result.Provider, result.ProviderMessageId, now);
        else row.MarkFailed(result.Provider, result.Error ?? "Unknown error", result.ErrorCode);
        await db.SaveChangesAsync(ct);
        return result;
    }
}
