using System.Security.Cryptography;
using System.Text.Json;
using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

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

    public static async Task<Idempotent<T>?> ReplayAsync<T>(ILoyaltyDb db, string scope, string key, string hash, CancellationToken ct)
    {
        var existing = await db.IdempotencyRecords.AsNoTracking()
            .Where(r => r.Scope == scope && r.Key == key)
            .Select(r => new { r.RequestHash, r.ResponseBody })
            .FirstOrDefaultAsync(ct);
        if (existing is null) return null;
        if (existing.RequestHash != hash)
            throw new DomainException("idempotency-key-reused", "This Idempotency-Key was already used for a different request. Use a new key for a new operation.");
        return new Idempotent<T>(JsonSerializer.Deserialize<T>(existing.ResponseBody, Json)!, true);
    }

    public static void Remember<T>(ILoyaltyDb db, string scope, string key, string hash, int status, T response, DateTime now) =>
        db.IdempotencyRecords.Add(new IdempotencyRecord(scope, key, hash, status, JsonSerializer.Serialize(response, Json), now));
}
