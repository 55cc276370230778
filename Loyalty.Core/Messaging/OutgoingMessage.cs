namespace Loyalty.Core.Messaging;

public enum MessageChannel
{
    Sms,
    Email,
    InApp,
}

public enum MessageStatus
{
    Queued,
    Sent,
    Delivered,
    Failed,
}

/// <summary>One message to one recipient, with what the provider said about it.</summary>
public class OutgoingMessage
{
    private OutgoingMessage() { }

    public OutgoingMessage(MessageChannel channel, string recipient, string? subject, string body, bool isTransactional, DateTime createdAt)
    {
        Id = Guid.CreateVersion7();
        Channel = channel;
        Recipient = recipient;
        Subject = subject;
        Body = body;
        IsTransactional = isTransactional;
        CreatedAt = createdAt;
        Status = MessageStatus.Queued;
    }

    public Guid Id { get; private set; }
    public MessageChannel Channel { get; private set; }
    public string Recipient { get; private set; } = "";
    public string? Subject { get; private set; }
    public string Body { get; private set; } = "";

    /// <summary>Sign-in codes and receipts: sent regardless of marketing consent.</summary>
    public bool IsTransactional { get; private set; }

    public DateTime CreatedAt { get; private set; }
    public MessageStatus Status { get; private set; }

    /// <summary>"dev-outbox", "twilio", "smtp" …</summary>
    public string? Provider { get; private set; }

    public string? ProviderMessageId { get; private set; }
    public string? Error { get; private set; }

    public void MarkSent(string provider, string? providerMessageId)
    {
        Status = MessageStatus.Sent;
        Provider = provider;
        ProviderMessageId = providerMessageId;
    }

    public void MarkFailed(string provider, string error)
    {
        Status = MessageStatus.Failed;
        Provider = provider;
        Error = error;
    }
}
