using Loyalty.Core.Audit;
using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Support;

public sealed record OpenTicketCommand(Guid PartnerId, string Actor, string Subject, TicketCategory Category, TicketPriority Priority, string Body,
    IReadOnlyList<IncomingFile>? Files = null);

/// <summary>A partner's user opens a ticket: the ticket, its first message and attachments are written together.</summary>
public sealed class OpenTicket(ILoyaltyDbFactory dbs, TimeProvider clock) : IUseCase
{
    public async Task<long> HandleAsync(OpenTicketCommand command, CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string[]>();
        var subject = command.Subject?.Trim() ?? "";
        if (subject.Length < 3) errors["subject"] = ["Give the ticket a short subject (at least 3 characters)."];
        else if (subject.Length > Ticket.SubjectMaxLength) errors["subject"] = [$"The subject has at most {Ticket.SubjectMaxLength} characters."];
        TicketThread.CheckBody(command.Body, errors);
        if (!Enum.IsDefined(command.Category)) errors["category"] = ["Choose a category."];
        if (!Enum.IsDefined(command.Priority)) errors["priority"] = ["Choose a priority."];
        if (errors.Count > 0) throw new ValidationException(errors);
        var files = TicketFiles.Validate(command.Files);

        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = dbs.Create();
        await using var tx = await db.BeginWriteAsync(ct);
        if (!await db.Partners.AnyAsync(p => p.Id == command.PartnerId, ct)) throw DomainException.NotFound("partner-not-found", "No such partner.");
        var ticket = new Ticket(command.PartnerId, subject, command.Category, command.Priority, command.Actor, now);
        db.Tickets.Add(ticket);
        await db.SaveChangesAsync(ct);
        await TicketThread.AddMessageAsync(db, ticket, command.Actor, fromOperator: false, command.Body.Trim(), files, now, ct);
        db.AuditEvents.Add(new AuditEvent(now, "ticket.opened", command.Actor, $"#{ticket.Id} {subject} ({command.Priority})", command.PartnerId));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return ticket.Id;
    }
}
