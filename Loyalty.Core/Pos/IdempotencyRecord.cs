namespace Loyalty.Core.Pos;

/// <summary>
/// The first answer to a state-changing request, kept under its Idempotency-Key (scoped per terminal or integration)
/// and written in the same transaction as the effect, so a replay returns exactly the stored response.
/// </summary>
public class IdempotencyRecord
{
    public const int KeyMaxLength = 100;

    private IdempotencyRecord() { }

    public IdempotencyRecord(string scope, string key, string requestHash, int statusCode, string responseBody, DateTime createdAt)
    {
        Scope = scope;
        Key = key;
        RequestHash = requestHash;
        StatusCode = statusCode;
        ResponseBody = responseBody;
        CreatedAt = createdAt;
    }

    public long Id { get; private set; }
    public string Scope { get; private set; } = "";
    public string Key { get; private set; } = "";

    /// <summary>SHA-256 of the request body: the same key with another body is refused.</summary>
    public string RequestHash { get; private set; } = "";

    public int StatusCode { get; private set; }
    public string ResponseBody { get; private set; } = "";
    public DateTime CreatedAt { get; private set; }
}
