using Loyalty.Core.Common;
using Loyalty.Core.Purchases;

namespace Loyalty.Core.Pos;

/// <param name="Count">How many receipts without a card (1 for a single receipt).</param>
/// <param name="Amount">Their total in major units.</param>
public sealed record AnonymousReceiptsRequest(int Count, decimal Amount, string? Cashier, DateTimeOffset? OccurredAt);

public sealed record AnonymousReceiptsRecorded(Guid Id, int Count, decimal Amount, string? Cashier, DateTime OccurredAt);

/// <summary>
/// A till tells the program about receipts that were paid without a card: a count and a total, idempotent like a purchase
/// (one effect per <c>Idempotency-Key</c>, per terminal). One prepared INSERT through the same group-committed writer as
/// purchases, so a till that reports every cardless receipt costs about as much as an idempotency record (0150).
/// </summary>
public sealed class RecordAnonymousReceipts(TimeProvider clock, WriteBatcher writes) : IUseCase
{
    public async Task<Idempotent<AnonymousReceiptsRecorded>> HandleAsync(PosCaller caller, string? idempotencyKey, AnonymousReceiptsRequest request, CancellationToken ct = default)
    {
        var key = Idempotency.ValidKey(idempotencyKey);
        var now = clock.GetUtcNow().UtcDateTime;
        var errors = new Dictionary<string, string[]>();
        if (request.Count is < 1 or > AnonymousReceipts.MaxCount) errors["count"] = [$"Report from 1 to {AnonymousReceipts.MaxCount:N0} receipts at a time."];
        long amount = 0;
        if (request.Amount <= 0) errors["amount"] = ["The amount must be greater than zero."];
        else if (request.Amount > ValidPurchase.MaxAmount * Math.Max(1, request.Count)) errors["amount"] = ["The amount is too large."];
        else if (!Money.TryToMinor(request.Amount, caller.Currency, out amount)) errors["amount"] = [$"The amount has more decimals than {caller.Currency} allows."];
        var cashier = ValidPurchase.CashierOf(request.Cashier, errors);
        var occurredAt = request.OccurredAt?.UtcDateTime ?? now;
        if (occurredAt > now.AddMinutes(5)) errors["occurredAt"] = ["The time is in the future."];
        else if (occurredAt < now - ValidPurchase.MaxAge) errors["occurredAt"] = ["Receipts older than 7 days are not accepted."];
        if (errors.Count > 0) throw new ValidationException(errors);

        var hash = Idempotency.Hash("anonymous-receipts", new { request.Count, amount, cashier, request.OccurredAt });
        return await writes.RunAsync(async (db, token) =>
        {
            var sql = await RawSql.OnAsync(db, token);
            if (await Idempotency.ReplayAsync<AnonymousReceiptsRecorded>(sql, caller.IdempotencyScope, key, hash, token) is { } replay) return replay;
            var id = Guid.CreateVersion7();
            await sql.ExecuteAsync(
                """
                INSERT INTO "AnonymousReceipts" ("Id", "PartnerId", "StoreId", "TerminalId", "Cashier", "OccurredAt", "Count", "Amount", "Currency", "RecordedAt")
                VALUES (@id, @partner, @store, @terminal, @cashier, @at, @count, @amount, @currency, @now)
                """,
                token, ("@id", id), ("@partner", caller.PartnerId), ("@store", caller.StoreId), ("@terminal", caller.TerminalId), ("@cashier", cashier),
                ("@at", occurredAt), ("@count", request.Count), ("@amount", amount), ("@currency", caller.Currency), ("@now", now));
            var answer = new AnonymousReceiptsRecorded(id, request.Count, Money.ToMajor(amount, caller.Currency), cashier, occurredAt);
            await Idempotency.RememberAsync(sql, caller.IdempotencyScope, key, hash, 201, answer, now, token);
            return new Idempotent<AnonymousReceiptsRecorded>(answer, false);
        }, ct);
    }
}
