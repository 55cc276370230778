using Loyalty.Core.Messaging;

namespace Loyalty.Web.Messaging;

/// <summary>
/// Development only: nothing leaves the machine. The message row itself (provider "dev-outbox") is what the
/// /dev/outbox page shows, and the text goes to the log so a developer sees a sign-in code in the console.
/// </summary>
internal sealed class DevOutboxSmsSender(ILogger<DevOutboxSmsSender> logger) : ISmsSender
{
    public const string Provider = "dev-outbox";

    public Task<SendResult> SendAsync(string toE164, string body, CancellationToken cancellationToken, long? statusCallbackId = null)
    {
        logger.LogInformation("Dev outbox SMS to {To}: {Body}", toE164, body);
        return Task.FromResult(SendResult.Ok(Provider, null));
    }
}

/// <summary>Development only: e-mail lands on /dev/outbox instead of a mail server.</summary>
internal sealed class DevOutboxEmailSender(ILogger<DevOutboxEmailSender> logger) : IEmailSender
{
    public Task<SendResult> SendAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        logger.LogInformation("Dev outbox e-mail to {To}: {Subject}", message.To, message.Subject);
        return Task.FromResult(SendResult.Ok(DevOutboxSmsSender.Provider, null));
    }
}

/// <summary>Outside Development without Twilio settings: refuse clearly rather than print codes to a production log.</summary>
internal sealed class UnconfiguredSmsSender(ILogger<UnconfiguredSmsSender> logger) : ISmsSender
{
    public Task<SendResult> SendAsync(string toE164, string body, CancellationToken cancellationToken, long? statusCallbackId = null)
    {
        logger.LogError("An SMS could not be sent: the Twilio section is not configured.");
        return Task.FromResult(SendResult.Temporary("none", "not-configured", "SMS is not configured."));
    }
}

/// <summary>Outside Development without SMTP settings: messages wait in the outbox (and are retried) until it is configured.</summary>
internal sealed class UnconfiguredEmailSender(ILogger<UnconfiguredEmailSender> logger) : IEmailSender
{
    public Task<SendResult> SendAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        logger.LogError("An e-mail could not be sent: the Smtp section is not configured.");
        return Task.FromResult(SendResult.Temporary("none", "not-configured", "E-mail is not configured."));
    }
}
