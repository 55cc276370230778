using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Messaging;

public sealed record MailingPreview(string? Subject, string Text, string? Html, string SampleRecipient);

/// <summary>Renders unsaved content for the first member of the audience (or a sample member when it is empty).</summary>
public sealed class PreviewMailing(ILoyaltyDbFactory dbs, AudienceQuery audiences, MessageRenderer renderer, TimeProvider clock) : IUseCase
{
    public async Task<MailingPreview> HandleAsync(Guid? ownerPartnerId, MailingDraft draft, CancellationToken ct = default)
    {
        MessageRenderer.Validate(draft.Subject, "subject");
        MessageRenderer.Validate(draft.Body, "body");
        await using var db = dbs.Create();
        var scope = new AudienceScope(ownerPartnerId, draft.Channel, clock.GetUtcNow().UtcDateTime);
        var firstId = await audiences.Customers(db, draft.Audience, scope).OrderBy(c => c.Id).Select(c => (Guid?)c.Id).FirstOrDefaultAsync(ct);
        var recipient = firstId is { } id ? (await Recipients.LoadAsync(db, [id], ct))[id] : RecipientData.Sample;
        var sender = await Recipients.SenderNameAsync(db, ownerPartnerId, ct);
        // A fresh id per preview: the cache must not serve an older edit of the same text.
        var content = new MailingContent(Guid.NewGuid(), DateTime.MinValue, draft.Channel, draft.Subject, draft.Body, draft.Offer, sender);
        var rendered = renderer.Render(content, recipient.Model(sender), 0);
        var who = recipient.LastName is null ? recipient.FirstName : $"{recipient.FirstName} {recipient.LastName}";
        return new MailingPreview(rendered.Subject, rendered.Text, rendered.Html, who);
    }
}
