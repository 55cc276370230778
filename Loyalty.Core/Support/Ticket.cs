using Loyalty.Core.Common;

namespace Loyalty.Core.Support;

/// <summary>What a ticket is about; stored as integers: append, never reorder.</summary>
public enum TicketCategory
{
    Question,
    Technical,
    PosTerminals,
    PointsAndRewards,
    Settlements,
    Other,
}

/// <summary>Urgency chosen by the partner and changeable by the operator; it sets the SLA due time.</summary>
public enum TicketPriority
{
    Low,
    Normal,
    High,
    Urgent,
}

public enum TicketStatus
{
    /// <summary>Opened by the partner, nobody at the operator has answered yet.</summary>
    New,
    InProgress,

    /// <summary>The operator asked something back; the SLA clock still runs (see 0090).</summary>
    WaitingForPartner,
    Resolved,
    Closed,
}

/// <summary>
/// A partner's request to the operator's support desk. The SLA clock is the resolution due time, fixed from the
/// priority when the ticket is opened or re-prioritised (0090). Unread flags are the in-app notification for each side.
/// </summary>
public class Ticket
{
    public const int SubjectMaxLength = 200;

    private Ticket() { }

    public Ticket(Guid partnerId, string subject, TicketCategory category, TicketPriority priority, string openedBy, DateTime now)
    {
        PartnerId = partnerId;
        Subject = subject;
        Category = category;
        Priority = priority;
        OpenedBy = openedBy;
        CreatedAt = now;
        UpdatedAt = now;
        DueAt = now + Sla(priority);
        Status = TicketStatus.New;
        UnreadByOperator = true;
    }

    public long Id { get; private set; }
    public Guid PartnerId { get; private set; }
    public string Subject { get; private set; } = "";
    public TicketCategory Category { get; private set; }
    public TicketPriority Priority { get; private set; }
    public TicketStatus Status { get; private set; }

    /// <summary>The partner user (e-mail) who opened it: replies are e-mailed there.</summary>
    public string OpenedBy { get; private set; } = "";

    /// <summary>Operator staff user (e-mail) working on it; null while unassigned.</summary>
    public string? Assignee { get; private set; }

    public DateTime CreatedAt { get; private set; }
    public DateTime UpdatedAt { get; private set; }
    public DateTime DueAt { get; private set; }
    public DateTime? FirstResponseAt { get; private set; }
    public DateTime? ResolvedAt { get; private set; }
    public bool UnreadByPartner { get; private set; }
    public bool UnreadByOperator { get; private set; }

    public bool IsOpen => Status is not (TicketStatus.Resolved or TicketStatus.Closed);

    /// <summary>Resolution time promised by priority (0090).</summary>
    public static TimeSpan Sla(TicketPriority priority) => priority switch
    {
        TicketPriority.Urgent => TimeSpan.FromHours(4),
        TicketPriority.High => TimeSpan.FromHours(8),
        TicketPriority.Normal => TimeSpan.FromHours(24),
        _ => TimeSpan.FromHours(72),
    };

    public void OperatorReplied(string actor, DateTime now)
    {
        FirstResponseAt ??= now;
        Assignee ??= actor;
        if (Status == TicketStatus.New) Status = TicketStatus.InProgress;
        UnreadByPartner = true;
        UnreadByOperator = false;
        UpdatedAt = now;
    }

    /// <summary>A partner's reply re-opens a resolved ticket: the problem is evidently not solved.</summary>
    public void PartnerReplied(DateTime now)
    {
        if (Status == TicketStatus.Closed) throw DomainException.Conflict("ticket-closed", "This ticket is closed. Open a new one.");
        if (Status is TicketStatus.Resolved or TicketStatus.WaitingForPartner)
        {
            Status = TicketStatus.InProgress;
            ResolvedAt = null;
        }
        UnreadByOperator = true;
        UnreadByPartner = false;
        UpdatedAt = now;
    }

    public void ChangeStatus(TicketStatus status, DateTime now)
    {
        if (Status == TicketStatus.Closed && status != TicketStatus.Closed)
            throw DomainException.Conflict("ticket-closed", "A closed ticket stays closed.");
        Status = status;
        ResolvedAt = status is TicketStatus.Resolved or TicketStatus.Closed ? ResolvedAt ?? now : null;
        UnreadByPartner = true;
        UpdatedAt = now;
    }

    public void ChangePriority(TicketPriority priority, DateTime now)
    {
        if (priority == Priority) return;
        Priority = priority;
        DueAt = CreatedAt + Sla(priority);
        UpdatedAt = now;
    }

    public void AssignTo(string? assignee, DateTime now)
    {
        Assignee = string.IsNullOrWhiteSpace(assignee) ? null : assignee.Trim();
        UpdatedAt = now;
    }

    public void MarkReadBy(bool operatorSide)
    {
        if (operatorSide) UnreadByOperator = false;
        else UnreadByPartner = false;
    }
}

/// <summary>One message in a ticket's thread.</summary>
public class TicketMessage
{
    public const int BodyMaxLength = 4000;

    private TicketMessage() { }

    public TicketMessage(long ticketId, string author, bool fromOperator, string body, DateTime at)
    {
        TicketId = ticketId;
        Author = author;
        FromOperator = fromOperator;
        Body = body;
        At = at;
    }

    public long Id { get; private set; }
    public long TicketId { get; private set; }
    public string Author { get; private set; } = "";
    public bool FromOperator { get; private set; }
    public string Body { get; private set; } = "";
    public DateTime At { get; private set; }
}

/// <summary>A file attached to a message, kept as a blob in the database (0090): every node sees it, backups include it.</summary>
public class TicketAttachment
{
    private TicketAttachment() { }

    public TicketAttachment(long ticketId, long messageId, string fileName, string contentType, byte[] content)
    {
        TicketId = ticketId;
        MessageId = messageId;
        FileName = fileName;
        ContentType = contentType;
        Content = content;
        Size = content.Length;
    }

    public long Id { get; private set; }
    public long TicketId { get; private set; }
    public long MessageId { get; private set; }
    public string FileName { get; private set; } = "";
    public string ContentType { get; private set; } = "";
    public int Size { get; private set; }
    public byte[] Content { get; private set; } = [];
}
