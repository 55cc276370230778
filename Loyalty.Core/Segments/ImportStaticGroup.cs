using Loyalty.Core.Common;
using Loyalty.Core.Customers;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Segments;

public enum GroupIssueKind
{
    /// <summary>Neither a phone number nor a card number (with a valid check digit).</summary>
    Unreadable,

    /// <summary>A valid phone or card, but no active member has it.</summary>
    NoMember,

    /// <summary>The same member's phone or card appears earlier in the file.</summary>
    Duplicate,
}

/// <summary>A row of the file that added nobody to the group, with where it is and why.</summary>
public sealed record GroupImportIssue(int Line, string Value, GroupIssueKind Kind);

public sealed record GroupImport(Guid SegmentId, int Rows, int Matched, IReadOnlyList<GroupImportIssue> Issues)
{
    /// <summary>The values of rows that matched nobody (unreadable or unknown); duplicates are not in here.</summary>
    public IReadOnlyList<string> NotFound => Issues.Where(i => i.Kind != GroupIssueKind.Duplicate).Select(i => i.Value).ToList();
}

/// <summary>
/// A static group from a list the partner uploaded: each value is a phone (any common notation) or a card number. Rows that
/// add nobody are reported back with their line and the reason (decision 0162), never silently dropped. Lookups go in
/// chunks so a large list stays cheap. <see cref="HandleFileAsync"/> reads the uploaded file itself.
/// </summary>
public sealed class ImportStaticGroup(ILoyaltyDbFactory dbs, TimeProvider clock) : IUseCase
{
    public const int MaxRows = 100_000;
    private const int Chunk = 500;

    /// <summary>The uploaded file (.xlsx, .csv or .txt), first column, read by <see cref="GroupListFile"/>.</summary>
    public async Task<GroupImport> HandleFileAsync(Guid? ownerPartnerId, string? name, Stream file, string fileName, string defaultRegion, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(name)) throw ValidationException.For("name", "Give the group a name.");
        return await HandleAsync(ownerPartnerId, name, await GroupListFile.ReadAsync(file, fileName, defaultRegion, ct), defaultRegion, ct);
    }

    /// <summary>Values without a file: line numbers are their positions, from 1.</summary>
    public Task<GroupImport> HandleAsync(Guid? ownerPartnerId, string? name, IReadOnlyList<string> values, string defaultRegion, CancellationToken ct = default) =>
        HandleAsync(ownerPartnerId, name, values.Where(v => v.Trim().Length > 0).Select((v, i) => new GroupListRow(i + 1, v)).ToList(), defaultRegion, ct);

    public async Task<GroupImport> HandleAsync(Guid? ownerPartnerId, string? name, IReadOnlyList<GroupListRow> values, string defaultRegion, CancellationToken ct = default)
    {
        name = name?.Trim() ?? "";
        if (name.Length == 0) throw ValidationException.For("name", "Give the group a name.");
        if (name.Length > Segment.NameMaxLength) throw ValidationException.For("name", $"A name has at most {Segment.NameMaxLength} characters.");
        var rows = values.Select(v => v with { Value = v.Value.Trim() }).ToList();
        if (rows.Count == 0 || rows.All(r => r.Value.Length == 0)) throw ValidationException.For("file", "The file has no phone numbers or card numbers in its first column.");
        if (rows.Count > MaxRows) throw ValidationException.For("file", $"A group holds at most {MaxRows:N0} rows.");

        // Normalised phone or card → the first row that named it; later rows naming the same one are duplicates.
        var phones = new Dictionary<string, GroupListRow>();
        var cards = new Dictionary<string, GroupListRow>();
        var issues = new List<GroupImportIssue>();
        foreach (var row in rows)
        {
            if (CardNumber.IsValid(row.Value))
            {
                if (!cards.TryAdd(CardNumber.Normalize(row.Value), row)) issues.Add(new(row.Line, row.Value, GroupIssueKind.Duplicate));
            }
            else if (PhoneNumber.TryParse(row.Value, defaultRegion, out var phone))
            {
                if (!phones.TryAdd(phone!.Value, row)) issues.Add(new(row.Line, row.Value, GroupIssueKind.Duplicate));
            }
            else issues.Add(new(row.Line, row.Value, GroupIssueKind.Unreadable));
        }

        await using var db = dbs.Create();
        var found = new HashSet<Guid>();
        var matchedRows = new HashSet<GroupListRow>();
        foreach (var chunk in phones.Keys.Chunk(Chunk))
        {
            foreach (var hit in await db.Customers.Where(c => chunk.Contains(c.Phone) && c.Status == CustomerStatus.Active).Select(c => new { c.Id, c.Phone }).ToListAsync(ct))
            {
                // Two rows (a phone and a card) can name one member: the second is a duplicate.
                if (!found.Add(hit.Id)) issues.Add(new(phones[hit.Phone].Line, phones[hit.Phone].Value, GroupIssueKind.Duplicate));
                matchedRows.Add(phones[hit.Phone]);
            }
        }
        foreach (var chunk in cards.Keys.Chunk(Chunk))
        {
            foreach (var hit in await db.Cards.Where(c => chunk.Contains(c.Number) && c.CustomerId != null).Select(c => new { c.CustomerId, c.Number }).ToListAsync(ct))
            {
                if (!found.Add(hit.CustomerId!.Value)) issues.Add(new(cards[hit.Number].Line, cards[hit.Number].Value, GroupIssueKind.Duplicate));
                matchedRows.Add(cards[hit.Number]);
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
        issues.AddRange(phones.Values.Concat(cards.Values).Where(r => !matchedRows.Contains(r)).Select(r => new GroupImportIssue(r.Line, r.Value, GroupIssueKind.NoMember)));
        return new GroupImport(segment.Id, rows.Count, found.Count, issues.OrderBy(i => i.Line).Take(1000).ToList());
    }
}
