namespace Loyalty.Core.Messaging;

public enum MessageChannel
{
    Sms,
    Email,
    InApp,
}

/// <summary>Where one message is in its life. Values are stored as integers: append, never reorder.</summary>
public enum MessageStatus
{
    /// <summary>Waiting in the outbox (first attempt or a retry after <see cref="OutgoingMessage.NextAttemptAt"/>).</summary>
    Queued,
    Sent,

    /// <summary>The provider confirmed delivery to the handset (Twilio status callback).</summary>
    Delivered,
    Failed,

    /// <summary>Handed to the provider right now; if the sender dies in this state the outcome is unknown.</summary>
    Sending,

    /// <summary>The dispatcher died while handing this message over: it may or may not have gone out, so it is not sent again.</summary>
    Uncertain,

    /// <summary>Not sent: the recipient withdrew consent or has no address any more by the time it was due.</summary>
    Skipped,
}

/// <summary>
/// One message to one recipient: the outbox row the dispatcher works through and, afterwards, its entry in the message log.
/// In-app messages are also the member's inbox. A mailing has at most one row per member (unique MailingId + CustomerId).
/// </summary>
public class OutgoingMessage
{
    public const int SubjectMaxLength = 300;
    public const int ErrorMaxLength = 500;

    private OutgoingMessage() { }

    public OutgoingMessage(MessageChannel channel, string recipient, string? subject, string body, bool isTransactional, DateTime createdAt,
        Guid? customerId = null, Guid? ownerPartnerId = null)
    {
        Channel = channel;
        Recipient = recipient;
        Subject = subject;
        Body = body;
        IsTransactional = isTransactional;
        CreatedAt = createdAt;
        NextAttemptAt = createdAt;
        CustomerId = customerId;
        OwnerPartnerId = ownerPartnerId;
        Status = MessageStatus.Queued;
    }

    /// <summary>Sequential: the dispatcher claims the oldest due rows first.</summary>
    public long Id { get; private set; }

    public MessageChannel Channel { get; private set; }

    /// <summary>E-mail address or E.164 phone; for in-app messages the member's id. Filled when the message is rendered.</summary>
    public string Recipient { get; private set; } = "";

    public Guid? CustomerId { get; private set; }
    public Guid? MailingId { get; private set; }

    /// <summary>The partner who sent it; null for the operator and for system messages (sign-in codes).</summary>
    public Guid? OwnerPartnerId { get; private set; }

    public string? Subject { get; private set; }

    /// <summary>What the member saw (text). Mailing rows are rendered when dispatched, so they get it then.</summary>
    public string? Body { get; private set; }

    /// <summary>Sign-in codes and receipts: sent regardless of marketing consent.</summary>
    public bool IsTransactional { get; private set; }

    /// <summary>A staff member's test send of a mailing: excluded from the mailing's figures.</summary>
    public bool IsTest { get; private set; }

    public DateTime CreatedAt { get; private set; }
    public MessageStatus Status { get; private set; }
    public int Attempts { get; private set; }
    public DateTime NextAttemptAt { get; private set; }

    /// <summary>The dispatcher run holding this row, until <see cref="LeaseUntil"/>.</summary>
    public Guid? LeaseOwner { get; private set; }

    public DateTime? LeaseUntil { get; private set; }
    public DateTime? SentAt { get; private set; }
    public DateTime? DeliveredAt { get; private set; }
    public DateTime? OpenedAt { get; private set; }
    public DateTime? ClickedAt { get; private set; }
    public DateTime? UnsubscribedAt { get; private set; }

    /// <summary>In-app only: when the member opened it in the inbox.</summary>
    public DateTime? ReadAt { get; private set; }

    /// <summary>"dev-outbox", "twilio", "smtp", "inbox" …</summary>
    public string? Provider { get; private set; }

    public string? ProviderMessageId { get; private set; }

    /// <summary>Stable short code for filtering: Twilio's numeric code, an SMTP status, "no-consent" …</summary>
    public string? ErrorCode { get; private set; }

    public string? Error { get; private set; }

    /// <summary>
    /// Born <see cref="MessageStatus.Sending"/>: the test send hands it to the channel itself, so the dispatcher must never
    /// claim it as queued and send it a second time (blank, before its text is written).
    /// </summary>
    public static OutgoingMessage Test(MessageChannel channel, string recipient, string? subject, string body, Guid? ownerPartnerId, DateTime now) =>
        new(channel, recipient, subject, body, isTransactional: false, now, ownerPartnerId: ownerPartnerId) { IsTest = true, Status = MessageStatus.Sending };

    public void MarkSent(string provider, string? providerMessageId, DateTime? at = null)
    {
        Status = MessageStatus.Sent;
        Provider = provider;
        ProviderMessageId = providerMessageId;
        SentAt = at ?? CreatedAt;
    }

    public void MarkFailed(string provider, string error, string? errorCode = null)
    {
        Status = MessageStatus.Failed;
        Provider = provider;
        Error = Truncate(error);
        ErrorCode = errorCode;
    }

    public void SetContent(string? subject, string body)
    {
        Subject = subject;
        Body = body;
    }

    public void MarkUnsubscribed(DateTime at) => UnsubscribedAt ??= at;

    /// <summary>Final states (delivered, failed) stick: reports can arrive out of order.</summary>
    public void ApplyDeliveryReport(string status, string? errorCode, string? errorText, DateTime at)
    {
        switch (status)
        {
            case "delivered" or "read":
                Status = MessageStatus.Delivered;
                DeliveredAt ??= at;
                SentAt ??= at;
                break;
            case "failed" or "undelivered" when Status != MessageStatus.Delivered:
                Status = MessageStatus.Failed;
                ErrorCode = errorCode;
                Error = Truncate(errorText ?? $"The carrier reported the message as {status}.");
                break;
            case "sent" when Status is MessageStatus.Queued or MessageStatus.Sending or MessageStatus.Uncertain:
                Status = MessageStatus.Sent;
                SentAt ??= at;
                break;
        }
    }

    public void MarkRead(DateTime at) => ReadAt ??= at;

    internal static string Truncate(string text) => text.Length <= ErrorMaxLength ? text : text[..ErrorMaxLength];
}
