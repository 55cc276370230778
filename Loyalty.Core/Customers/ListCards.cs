using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Customers;

public sealed record CardBatchRow(Guid Id, string Name, int Count, string FirstNumber, string LastNumber, string CreatedBy, DateTime CreatedAt, int Linked, int Blocked);

public sealed record CardRow(Guid Id, string Number, CardStatus Status, string? Batch, Guid? CustomerId, string? Customer, DateTime IssuedAt, DateTime? LinkedAt);

public sealed record CardQuery(string? Number, CardStatus? Status, Guid? BatchId, int Page, int PageSize);

/// <summary>The card office: print runs with how many of their cards are linked or blocked, and every card, paged.</summary>
public sealed class ListCards(ILoyaltyDbFactory dbs) : IUseCase
{
    public async Task<IReadOnlyList<CardBatchRow>> BatchesAsync(CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var batches = await db.CardBatches.AsNoTracking().OrderByDescending(b => b.CreatedAt).Take(100).ToListAsync(ct);
        var ids = batches.Select(b => b.Id).ToList();
        var counts = await db.Cards.Where(k => k.BatchId != null && ids.Contains(k.BatchId.Value))
            .GroupBy(k => k.BatchId)
            .Select(g => new { g.Key, Linked = g.Count(k => k.CustomerId != null), Blocked = g.Count(k => k.Status == CardStatus.Blocked) })
            .ToDictionaryAsync(x => x.Key!.Value, ct);
        return batches.Select(b => new CardBatchRow(b.Id, b.Name, b.Count, b.FirstNumber, b.LastNumber, b.CreatedBy, b.CreatedAt,
            counts.GetValueOrDefault(b.Id)?.Linked ?? 0, counts.GetValueOrDefault(b.Id)?.Blocked ?? 0)).ToList();
    }

    public async Task<Page<CardRow>> CardsAsync(CardQuery query, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var cards = db.Cards.AsNoTracking();
        var number = query.Number is null ? "" : CardNumber.Normalize(query.Number.Trim());
        if (number.Length > 0)
        {
            // A prefix of the number is an index range on the unique Number index.
            var high = number[..^1] + (char)(number[^1] + 1);
            cards = cards.Where(k => string.Compare(k.Number, number) >= 0 && string.Compare(k.Number, high) < 0);
        }
        if (query.Status is { } status) cards = cards.Where(k => k.Status == status);
        if (query.BatchId is { } batchId) cards = cards.Where(k => k.BatchId == batchId);
        var total = await cards.CountAsync(ct);
        var size = Math.Clamp(query.PageSize, 1, 100);
        var rows = await cards.OrderBy(k => k.Number).Skip(Math.Max(query.Page, 0) * size).Take(size)
            .Select(k => new
            {
                k.Id, k.Number, k.Status, k.CustomerId, k.IssuedAt, k.LinkedAt,
                Batch = db.CardBatches.Where(b => b.Id == k.BatchId).Select(b => b.Name).FirstOrDefault(),
                Customer = db.Customers.Where(c => c.Id == k.CustomerId).Select(c => c.FirstName + " · " + c.Phone).FirstOrDefault(),
            })
            .ToListAsync(ct);
        return new Page<CardRow>(rows.Select(r => new CardRow(r.Id, r.Number, r.Status, r.Batch, r.CustomerId, r.Customer, r.IssuedAt, r.LinkedAt)).ToList(), total);
    }

    public async Task<CardBatch> BatchAsync(Guid batchId, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        return await db.CardBatches.AsNoTracking().FirstOrDefaultAsync(b => b.Id == batchId, ct)
            ?? throw DomainException.NotFound("batch-not-found", "No such card batch.");
    }

    /// <summary>
    /// The numbers of one batch in number order, streamed row by row for its print files (0170): a batch is a
    /// consecutive range, so the query is a range scan of the unique Number index — already in order, no sort, and the
    /// caller holds one number at a time however large the batch.
    /// </summary>
    public async IAsyncEnumerable<string> NumbersAsync(CardBatch batch, int skip = 0, int take = int.MaxValue,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
    {
        var first = skip <= 0 ? batch.FirstNumber : CardNumber.Complete((batch.FirstBody + skip).ToString("D15"));
        var last = batch.LastNumber;
        await using var db = dbs.Create();
        var numbers = db.Cards.AsNoTracking()
            .Where(k => string.Compare(k.Number, first) >= 0 && string.Compare(k.Number, last) <= 0 && k.BatchId == batch.Id)
            .OrderBy(k => k.Number).Select(k => k.Number);
        await foreach (var number in (take == int.MaxValue ? numbers : numbers.Take(take)).AsAsyncEnumerable().WithCancellation(ct))
            yield return number;
    }
}
