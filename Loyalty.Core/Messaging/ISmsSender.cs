namespace Loyalty.Core.Messaging;

public enum SendOutcome
{
    Sent,

    /// <summary>Worth another try later: network trouble, a busy server, a rate limit.</summary>
    TemporaryFailure,

    /// <summary>Trying again cannot help: invalid number, rejected address, blocked recipient.</summary>
    PermanentFailure,
}

public sealed record SendResult(SendOutcome Outcome, string Provider, string? ProviderMessageId, string? ErrorCode, string? Error)
{
    public bool Succeeded => Outcome == SendOutcome.Sent;

    public static SendResult Ok(string provider, string? id) => new(SendOutcome.Sent, provider, id, null, null);

    public static SendResult Temporary(string provider, string code, string error) => new(SendOutcome.TemporaryFailure, provider, null, code, error);

    public static SendResult Permanent(string provider, string code, string error) => new(SendOutcome.PermanentFailure, provider, null, code, error);
}

/// <summary>Sends one SMS to an E.164 number. Implementations live in Loyalty.Web (Twilio, the dev outbox).</summary>
public interface ISmsSender
{
    /// <param name="statusCallbackId">The outbox row id, so the provider's delivery reports find their message; null for none.</param>
    Task<SendResult> SendAsync(string toE164, string body, CancellationToken cancellationToken, long? statusCallbackId = null);
}

/// <summary>One e-mail ready to go: both bodies rendered, the unsubscribe link known.</summary>
public sealed record EmailMessage(string To, string? ToName, string Subject, string Html, string Text, string? UnsubscribeUrl, string? MessageKey);

/// <summary>Sends e-mail. Implementations live in Loyalty.Web (SMTP through MailKit, the dev outbox).</summary>
public interface IEmailSender
{
    Task<SendResult> SendAsync(EmailMessage message, CancellationToken cancellationToken);
}
