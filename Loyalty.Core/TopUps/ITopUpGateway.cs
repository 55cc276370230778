namespace Loyalty.Core.TopUps;

public enum TopUpOutcome
{
    Succeeded,

    /// <summary>The provider refused for good (invalid number, unsupported network…): the points go back.</summary>
    Failed,

    /// <summary>Accepted, not final yet; ask again later.</summary>
    Pending,

    /// <summary>The provider has never seen this request id (status query only).</summary>
    Unknown,
}

public sealed record TopUpOrder(Guid RequestId, string Phone, string OperatorCode, long Amount, string Currency);

public sealed record TopUpAnswer(TopUpOutcome Outcome, string? Reference, string? Error);

/// <summary>
/// The mobile top-up provider. Every call carries the request id as the idempotency key: sending the same id twice
/// must never pay twice. Network failures and timeouts throw <see cref="TopUpGatewayException"/>; the caller retries.
/// </summary>
public interface ITopUpGateway
{
    Task<TopUpAnswer> SendAsync(TopUpOrder order, CancellationToken ct);

    Task<TopUpAnswer> GetStatusAsync(Guid requestId, CancellationToken ct);
}

/// <summary>The provider could not be reached or did not answer in time: the outcome is unknown, try again later.</summary>
public sealed class TopUpGatewayException(string message, Exception? inner = null) : Exception(message, inner);
