using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Support;

public sealed record TicketFile(string FileName, string ContentType, byte[] Content);

/// <summary>An attachment's bytes; a partner's user gets only files of its own partner's tickets.</summary>
public sealed class GetTicketAttachment(ILoyaltyDbFactory dbs) : IUseCase
{
    public async Task<TicketFile> HandleAsync(long attachmentId, Guid? partnerScope, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        return await db.TicketAttachments.AsNoTracking()
            .Where(a => a.Id == attachmentId && (partnerScope == null || db.Tickets.Any(t => t.Id == a.TicketId && t.PartnerId == partnerScope)))
            .Select(a => new TicketFile(a.FileName, a.ContentType, a.Content))
            .FirstOrDefaultAsync(ct) ?? throw DomainException.NotFound("attachment-not-found", "No such file.");
    }
}
