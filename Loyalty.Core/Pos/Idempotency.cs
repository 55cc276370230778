using System.Security.Cryptography;
using System.Text.Json;
using Loyalty.Core.Common;

namespace Loyalty.Core.Pos;

/// <summary>The answer to an idempotent request and whether it was replayed from an earlier identical request.</summary>
public sealed record Idempotent<T>(T Body, bool Replayed);

/// <summary>Invariant 5 of DESIGN.md §4: one effect per key; a replay returns the first response; another body under the same key is refused.</summary>
internal static class Idempotency
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string ValidKey(string? key)
    {
        if (string.IsNullOrWhiteSpace(key))
            throw new DomainException("idempotency-key-missing", "The Idempotency-Key header is required: send a unique value per operation and reuse it when retrying.", 400);
        if (key.Length > Pos.IdempotencyRecord.KeyMaxLength || key.Any(char.IsControl))
            throw new DomainException("idempotency-key-invalid", $"The Idempotency-Key must be at most {Pos.IdempotencyRecord.KeyMaxLength} printable characters.", 400);
        return key;
    }

    /// <summary>Hash of the request as understood (not as formatted), so whitespace in the JSON does not matter.</summary>
    public static string Hash<TRequest>(string operation, TRequest request) =>
        Convert.ToHexString(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(new { operation, request }, Json)));

    /// <summary>Called inside the write transaction, so a concurrent request with the same key has either committed or not begun.</summary>
    public static async Task<Idempotent<T>?> ReplayAsync<T>(RawSql sql, string scope, string key, string hash, CancellationToken ct)
    {
        string requestHash, responseBody;
        await using (var reader = await sql.ReaderAsync("""SELECT "RequestHash", "ResponseBody" FROM "IdempotencyRecords" WHERE "Scope" = @scope AND "Key" = @key""",
            ct, ("@scope", scope), ("@key", key)))
        {
            if (!await reader.ReadAsync(ct)) return null;
            requestHash = reader.GetString(0);
            responseBody = reader.GetString(1);
        }
        if (requestHash != hash)
            throw new DomainException("idempotency-key-reused", "This Idempotency-Key was already used for a different request. Use a new key for a new operation.");
        return new Idempotent<T>(JsonSerializer.Deserialize<T>(responseBody, Json)!, true);
    }

    public static Task RememberAsync<T>(RawSql sql, string scope, string key, string hash, int status, T response, DateTime now, CancellationToken ct) =>
        sql.ExecuteAsync(
            """INSERT INTO "IdempotencyRecords" ("Scope", "Key", "RequestHash", "StatusCode", "ResponseBody", "CreatedAt") VALUES (@scope, @key, @hash, @status, @body, @at)""",
            ct, ("@scope", scope), ("@key", key), ("@hash", hash), ("@status", status), ("@body", JsonSerializer.Serialize(response, Json)), ("@at", now));
}
