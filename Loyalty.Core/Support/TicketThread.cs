using Loyalty.Core.Common;

namespace Loyalty.Core.Support;

/// <summary>Steps shared by opening and replying.</summary>
internal static class TicketThread
{
    public static void CheckBody(string? body, Dictionary<string, string[]> errors)
    {
        var text = body?.Trim() ?? "";
        if (text.Length == 0) errors["body"] = ["Write a message."];
        else if (text.Length > TicketMessage.BodyMaxLength) errors["body"] = [$"A message has at most {TicketMessage.BodyMaxLength} characters."];
    }

    public static async Task<TicketMessage> AddMessageAsync(ILoyaltyDb db, Ticket ticket, string author, bool fromOperator, string body,
        IReadOnlyList<(string Name, string Type, byte[] Content)> files, DateTime now, CancellationToken ct)
    {
        var message = new TicketMessage(ticket.Id, author, fromOperator, body, now);
        db.TicketMessages.Add(message);
        await db.SaveChangesAsync(ct);
        foreach (var (name, type, content) in files) db.TicketAttachments.Add(new TicketAttachment(ticket.Id, message.Id, name, type, content));
        return message;
    }
}
