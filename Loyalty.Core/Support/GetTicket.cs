using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Support;

public sealed record TicketAttachmentInfo(long Id, string FileName, int Size);

public sealed record TicketMessageView(long Id, string Author, bool FromOperator, string Body, DateTime At, IReadOnlyList<TicketAttachmentInfo> Attachments);

public sealed record TicketView(long Id, Guid PartnerId, string Partner, string Subject, TicketCategory Category, TicketPriority Priority, TicketStatus Status,
    string OpenedBy, string? Assignee, DateTime CreatedAt, DateTime DueAt, DateTime? FirstResponseAt, DateTime? ResolvedAt, bool Overdue,
    IReadOnlyList<TicketMessageView> Messages);

/// <summary>
/// One ticket with its thread. Opening it clears the unread flag of the side that looks at it. A partner's user
/// (PartnerScope set) sees only its own partner's tickets; anything else is "not found".
/// </summary>
public sealed class GetTicket(ILoyaltyDbFactory dbs, TimeProvider clock) : IUseCase
{
    public async Task<TicketView> HandleAsync(long id, Guid? partnerScope, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = dbs.Create();
        var found = await db.Tickets.AsNoTracking().Where(t => t.Id == id && (partnerScope == null || t.PartnerId == partnerScope))
            .Join(db.Partners, t => t.PartnerId, p => p.Id, (t, p) => new { t, p.Name })
            .FirstOrDefaultAsync(ct) ?? throw DomainException.NotFound("ticket-not-found", "No such ticket.");
        var t = found.t;

        var messages = await db.TicketMessages.AsNoTracking().Where(m => m.TicketId == id).OrderBy(m => m.Id).ToListAsync(ct);
        var files = await db.TicketAttachments.AsNoTracking().Where(a => a.TicketId == id)
            .Select(a => new { a.Id, a.MessageId, a.FileName, a.Size }).ToListAsync(ct);
        var byMessage = files.ToLookup(f => f.MessageId, f => new TicketAttachmentInfo(f.Id, f.FileName, f.Size));

        var operatorSide = partnerScope is null;
        if (operatorSide ? t.UnreadByOperator : t.UnreadByPartner)
        {
            // A set-based flag clear (two tabs clearing it at once is harmless), queued like every write on SQLite.
            await using var tx = await db.BeginWriteAsync(ct);
            await (operatorSide
                ? db.Tickets.Where(x => x.Id == id).ExecuteUpdateAsync(s => s.SetProperty(x => x.UnreadByOperator, false), ct)
                : db.Tickets.Where(x => x.Id == id).ExecuteUpdateAsync(s => s.SetProperty(x => x.UnreadByPartner, false), ct));
            await tx.CommitAsync(ct);
        }

        return new TicketView(t.Id, t.PartnerId, found.Name, t.Subject, t.Category, t.Priority, t.Status, t.OpenedBy, t.Assignee, t.CreatedAt, t.DueAt,
            t.FirstResponseAt, t.ResolvedAt, t.IsOpen && t.DueAt < now,
            messages.Select(m => new TicketMessageView(m.Id, m.Author, m.FromOperator, m.Body, m.At, byMessage[m.Id].ToList())).ToList());
    }
}
