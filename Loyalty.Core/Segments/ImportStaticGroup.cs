using Loyalty.Core.Common;
using Loyalty.Core.Customers;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Segments;

public sealed record GroupImport(Guid SegmentId, int Rows, int Matched, IReadOnlyList<string> NotFound);

/// <summary>
/// A static group from a list the partner uploaded: each value is a phone (any common notation) or a card number. Values that
/// match no active member are reported back, never silently dropped. Lookups go in chunks so a large list stays cheap.
/// </summary>
public sealed class ImportStaticGroup(ILoyaltyDbFactory dbs, TimeProvider clock) : IUseCase
{
    public const int MaxRows = 100_000;
    private const int Chunk = 500;

    public async Task<GroupImport> HandleAsync(Guid? ownerPartnerId, string? name, IReadOnlyList<string> values, string defaultRegion, CancellationToken ct = default)
    {
        name = name?.Trim() ?? "";
        if (name.Length == 0) throw ValidationException.For("name", "Give the group a name.");
        if (name.Length > Segment.NameMaxLength) throw ValidationException.For("name", $"A name has at most {Segment.NameMaxLength} characters.");
        var rows = values.Select(v => v.Trim()).Where(v => v.Length > 0).ToList();
        if (rows.Count == 0) throw ValidationException.For("file", "The file has no phone numbers or card numbers in its first column.");
        if (rows.Count > MaxRows) throw ValidationException.For("file", $"A group holds at most {MaxRows:N0} rows.");

        var phones = new Dictionary<string, string>();
        var cards = new Dictionary<string, string>();
        var unreadable = new List<string>();
        foreach (var value in rows)
        {
            if (CardNumber.IsValid(value)) cards.TryAdd(CardNumber.Normalize(value), value);
            else if (PhoneNumber.TryParse(value, defaultRegion, out var phone)) phones.TryAdd(phone!.Value, value);
            else unreadable.Add(value);
        }

        await using var db = dbs.Create();
        var found = new HashSet<Guid>();
        var matchedValues = new HashSet<string>();
        foreach (var chunk in phones.Keys.Chunk(Chunk))
        {
            foreach (var hit in await db.Customers.Where(c => chunk.Contains(c.Phone) && c.Status == CustomerStatus.Active).Select(c => new { c.Id, c.Phone }).ToListAsync(ct))
            {
                found.Add(hit.Id);
                matchedValues.Add(phones[hit.Phone]);
            }
        }
        foreach (var chunk in cards.Keys.Chunk(Chunk))
        {
            foreach (var hit in await db.Cards.Where(c => chunk.Contains(c.Number) && c.CustomerId != null).Select(c => new { c.CustomerId, c.Number }).ToListAsync(ct))
            {
                found.Add(hit.CustomerId!.Value);
                matchedValues.Add(cards[hit.Number]);
            }
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var segment = new Segment(ownerPartnerId, name, SegmentKind.Static, "{}", now);
        segment.Refreshed(found.Count, now);
        await using (var tx = await db.BeginWriteAsync(ct))
        {
            db.Segments.Add(segment);
            await db.SaveChangesAsync(ct);
            foreach (var chunk in found.Chunk(Chunk))
            {
                var sql = new Messaging.SqlBuilder().Append("INSERT INTO \"SegmentMembers\" (\"SegmentId\", \"CustomerId\") VALUES ");
                for (var i = 0; i < chunk.Length; i++) sql.Append(i == 0 ? "(" : ", (").Param(segment.Id).Append(", ").Param(chunk[i]).Append(")");
                await db.Database.ExecuteSqlAsync(sql.Build(), ct);
            }
            await tx.CommitAsync(ct);
        }
        var notFound = phones.Values.Concat(cards.Values).Where(v => !matchedValues.Contains(v)).Concat(unreadable).Take(1000).ToList();
        return new GroupImport(segment.Id, rows.Count, found.Count, notFound);
    }
}
