using Loyalty.Core.Messaging;

namespace Loyalty.Web.Messaging;

/// <summary>
/// Development only: nothing leaves the machine. The message row itself (provider "dev-outbox") is what the
/// /dev/outbox page shows, and the text goes to the log so a developer sees a sign-in code in the console.
/// </summary>
internal sealed class DevOutboxSmsSender(ILogger<DevOutboxSmsSender> logger) : ISmsSender
{
    public const string Provider = "dev-outbox";

    public Task<SmsSendResult> SendAsync(string toE164, string body, CancellationToken cancellationToken)
    {
        logger.LogInformation("Dev outbox SMS to {To}: {Body}", toE164, body);
        return Task.FromResult(new SmsSendResult(true, Provider, null, null));
    }
}

/// <summary>Outside Development without Twilio settings: refuse clearly rather than print codes to a production log.</summary>
internal sealed class UnconfiguredSmsSender(ILogger<UnconfiguredSmsSender> logger) : ISmsSender
{
    public Task<SmsSendResult> SendAsync(string toE164, string body, CancellationToken cancellationToken)
    {
        logger.LogError("An SMS could not be sent: the Twilio section is not configured.");
        return Task.FromResult(new SmsSendResult(false, "none", null, "SMS is not configured."));
    }
}
