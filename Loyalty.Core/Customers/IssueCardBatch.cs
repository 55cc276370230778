using Loyalty.Core.Audit;
using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Customers;

public sealed record IssueCardBatchCommand(string Name, int Count, string Actor);

/// <summary>
/// Issues a print run of plastic cards (0093): consecutive 15-digit bodies after the last batch (from
/// <see cref="FirstBody"/>), each completed with its Luhn check digit, inserted set-based with one prepared statement in
/// one transaction — 100,000 cards take seconds, never an EF change tracker.
/// </summary>
public sealed class IssueCardBatch(ILoyaltyDbFactory dbs, TimeProvider clock) : IUseCase
{
    /// <summary>"642" marks the coalition's cards; bodies count up from here.</summary>
    public const long FirstBody = 642_100_000_000_000;

    public async Task<CardBatch> HandleAsync(IssueCardBatchCommand command, CancellationToken ct = default)
    {
        var name = command.Name?.Trim() ?? "";
        if (name.Length < 3 || name.Length > CardBatch.NameMaxLength) throw ValidationException.For("name", "Name the batch (3 to 100 characters), e.g. the print order.");
        if (command.Count < 1 || command.Count > CardBatch.MaxCount) throw ValidationException.For("count", $"Issue between 1 and {CardBatch.MaxCount:N0} cards at a time.");

        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = dbs.Create();
        await using var tx = await db.BeginWriteAsync(ct);
        var next = await db.CardBatches.Select(b => (long?)(b.FirstBody + b.Count)).MaxAsync(ct) ?? FirstBody;
        var batch = new CardBatch(name, next, command.Count, command.Actor, now);
        db.CardBatches.Add(batch);
        db.AuditEvents.Add(new AuditEvent(now, "cards.issued", command.Actor, $"{name}: {command.Count:N0} cards {batch.FirstNumber} … {batch.LastNumber}"));
        await db.SaveChangesAsync(ct);

        var sql = await RawSql.OnAsync(db, ct);
        for (var i = 0; i < command.Count; i++)
        {
            var number = CardNumber.Complete((next + i).ToString("D15"));
            await sql.ExecuteAsync(
                """INSERT INTO "Cards" ("Id", "Number", "BatchId", "Status", "IssuedAt") VALUES (@id, @number, @batch, @status, @at)""",
                ct, ("@id", Guid.CreateVersion7()), ("@number", number), ("@batch", batch.Id), ("@status", (int)CardStatus.Issued), ("@at", now));
        }
        await tx.CommitAsync(ct);
        return batch;
    }
}
