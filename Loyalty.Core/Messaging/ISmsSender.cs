namespace Loyalty.Core.Messaging;

public sealed record SmsSendResult(bool Succeeded, string Provider, string? ProviderMessageId, string? Error);

/// <summary>Sends one SMS to an E.164 number. Implementations live in Loyalty.Web (Twilio, the dev outbox).</summary>
public interface ISmsSender
{
    Task<SmsSendResult> SendAsync(string toE164, string body, CancellationToken cancellationToken);
}
