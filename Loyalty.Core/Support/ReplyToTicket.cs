using Loyalty.Core.Audit;
using Loyalty.Core.Common;
using Loyalty.Core.Messaging;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Support;

/// <summary>
/// Who replies: operator staff (PartnerScope null) or a partner's user (PartnerScope = the partner from the signed-in
/// user's claim; another partner's ticket is "not found").
/// </summary>
public sealed record ReplyToTicketCommand(long TicketId, Guid? PartnerScope, string Actor, string Body, IReadOnlyList<IncomingFile>? Files = null);

/// <summary>
/// Adds a message to the thread and tells the other side: the ticket is flagged unread for it (in-app) and an e-mail goes
/// through the outbox to the partner user who opened it, or to the assigned operator staff member.
/// </summary>
public sealed class ReplyToTicket(ILoyaltyDbFactory dbs, TimeProvider clock, MessagingOptions messaging) : IUseCase
{
    public async Task HandleAsync(ReplyToTicketCommand command, CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string[]>();
        TicketThread.CheckBody(command.Body, errors);
        if (errors.Count > 0) throw new ValidationException(errors);
        var files = TicketFiles.Validate(command.Files);
        var fromOperator = command.PartnerScope is null;

        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = dbs.Create();
        await using var tx = await db.BeginWriteAsync(ct);
        var ticket = await db.Tickets.FirstOrDefaultAsync(t => t.Id == command.TicketId && (fromOperator || t.PartnerId == command.PartnerScope), ct)
            ?? throw DomainException.NotFound("ticket-not-found", "No such ticket.");
        if (fromOperator) ticket.OperatorReplied(command.Actor, now);
        else ticket.PartnerReplied(now);
        var body = command.Body.Trim();
        await TicketThread.AddMessageAsync(db, ticket, command.Actor, fromOperator, body, files, now, ct);

        var notify = fromOperator ? ticket.OpenedBy : ticket.Assignee;
        if (!string.IsNullOrEmpty(notify) && notify.Contains('@') && notify != command.Actor)
        {
            var preview = body.Length > 600 ? body[..600] + "…" : body;
            var who = fromOperator ? "OneCard support" : command.Actor;
            db.OutgoingMessages.Add(new OutgoingMessage(MessageChannel.Email, notify, $"[#{ticket.Id}] {ticket.Subject}",
                $"{who} replied to ticket #{ticket.Id} \"{ticket.Subject}\":\n\n{preview}\n\nOpen the ticket: {messaging.PublicBaseUrl.TrimEnd('/')}{(fromOperator ? "/partner/support/" : "/operator/tickets/")}{ticket.Id}",
                isTransactional: true, now, ownerPartnerId: null));
        }
        db.AuditEvents.Add(new AuditEvent(now, "ticket.replied", command.Actor, $"#{ticket.Id} {ticket.Subject}", ticket.PartnerId));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }
}
