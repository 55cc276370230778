using Loyalty.Core.Audit;
using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Support;

public sealed record UpdateTicketCommand(long TicketId, string Actor, TicketStatus Status, TicketPriority Priority, string? Assignee);

/// <summary>Operator staff move a ticket: status, priority (re-computes the SLA due time) and assignee; audited.</summary>
public sealed class UpdateTicket(ILoyaltyDbFactory dbs, TimeProvider clock) : IUseCase
{
    public async Task HandleAsync(UpdateTicketCommand command, CancellationToken ct = default)
    {
        if (!Enum.IsDefined(command.Status)) throw ValidationException.For("status", "Choose a status.");
        if (!Enum.IsDefined(command.Priority)) throw ValidationException.For("priority", "Choose a priority.");
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = dbs.Create();
        await using var tx = await db.BeginWriteAsync(ct);
        var ticket = await db.Tickets.FirstOrDefaultAsync(t => t.Id == command.TicketId, ct)
            ?? throw DomainException.NotFound("ticket-not-found", "No such ticket.");
        var changes = new List<string>();
        if (ticket.Status != command.Status)
        {
            changes.Add($"status {ticket.Status} → {command.Status}");
            ticket.ChangeStatus(command.Status, now);
        }
        if (ticket.Priority != command.Priority)
        {
            changes.Add($"priority {ticket.Priority} → {command.Priority}");
            ticket.ChangePriority(command.Priority, now);
        }
        var assignee = string.IsNullOrWhiteSpace(command.Assignee) ? null : command.Assignee.Trim();
        if (ticket.Assignee != assignee)
        {
            changes.Add($"assignee {ticket.Assignee ?? "—"} → {assignee ?? "—"}");
            ticket.AssignTo(assignee, now);
        }
        if (changes.Count == 0) return;
        db.AuditEvents.Add(new AuditEvent(now, "ticket.updated", command.Actor, $"#{ticket.Id}: {string.Join(", ", changes)}", ticket.PartnerId));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }
}
