using Loyalty.Core.Common;
using Loyalty.Core.Customers;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Support;

public sealed record TicketRow(long Id, string Subject, string Partner, TicketCategory Category, TicketPriority Priority, TicketStatus Status,
    string? Assignee, DateTime CreatedAt, DateTime UpdatedAt, DateTime DueAt, bool Unread, bool Overdue);

/// <summary>Filters of the desk. <see cref="PartnerScope"/> is set for a partner's user (only its own tickets).</summary>
public sealed record TicketQuery(Guid? PartnerScope, int Page, int PageSize, string? Text = null, TicketStatus? Status = null, bool OpenOnly = false,
    TicketPriority? Priority = null, string? Assignee = null, bool OverdueOnly = false);

/// <summary>The desk's grid: filtered and paged in the database; open tickets due soonest first.</summary>
public sealed class SearchTickets(ILoyaltyDbFactory dbs, TimeProvider clock) : IUseCase
{
    public const string Unassigned = "-";

    public async Task<Page<TicketRow>> HandleAsync(TicketQuery query, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = dbs.Create();
        var tickets = db.Tickets.AsNoTracking();
        if (query.PartnerScope is { } partnerId) tickets = tickets.Where(t => t.PartnerId == partnerId);
        if (query.Status is { } status) tickets = tickets.Where(t => t.Status == status);
        else if (query.OpenOnly) tickets = tickets.Where(t => t.Status != TicketStatus.Resolved && t.Status != TicketStatus.Closed);
        if (query.Priority is { } priority) tickets = tickets.Where(t => t.Priority == priority);
        if (query.Assignee == Unassigned) tickets = tickets.Where(t => t.Assignee == null);
        else if (!string.IsNullOrEmpty(query.Assignee)) tickets = tickets.Where(t => t.Assignee == query.Assignee);
        if (query.OverdueOnly) tickets = tickets.Where(t => t.Status != TicketStatus.Resolved && t.Status != TicketStatus.Closed && t.DueAt < now);
        var text = query.Text?.Trim();
        if (!string.IsNullOrEmpty(text))
        {
            var number = text.TrimStart('#');
            tickets = long.TryParse(number, out var id)
                ? tickets.Where(t => t.Id == id)
                : tickets.Where(t => t.Subject.Contains(text) || db.Partners.Any(p => p.Id == t.PartnerId && p.Name.Contains(text)));
        }

        var total = await tickets.CountAsync(ct);
        var size = Math.Clamp(query.PageSize, 1, 100);
        var scoped = query.PartnerScope is not null;
        var rows = await tickets
            // Open before finished, then the SLA order: the one due first is on top.
            .OrderBy(t => t.Status == TicketStatus.Resolved || t.Status == TicketStatus.Closed ? 1 : 0).ThenBy(t => t.DueAt).ThenByDescending(t => t.Id)
            .Skip(Math.Max(query.Page, 0) * size).Take(size)
            .Join(db.Partners, t => t.PartnerId, p => p.Id, (t, p) => new
            {
                t.Id, t.Subject, Partner = p.Name, t.Category, t.Priority, t.Status, t.Assignee, t.CreatedAt, t.UpdatedAt, t.DueAt,
                Unread = scoped ? t.UnreadByPartner : t.UnreadByOperator,
            })
            .ToListAsync(ct);
        return new Page<TicketRow>(rows
            .Select(r => new TicketRow(r.Id, r.Subject, r.Partner, r.Category, r.Priority, r.Status, r.Assignee, r.CreatedAt, r.UpdatedAt, r.DueAt, r.Unread,
                r.Status is not (TicketStatus.Resolved or TicketStatus.Closed) && r.DueAt < now))
            .OrderBy(r => r.Status is TicketStatus.Resolved or TicketStatus.Closed ? 1 : 0).ThenBy(r => r.DueAt).ThenByDescending(r => r.Id)
            .ToList(), total);
    }
}
