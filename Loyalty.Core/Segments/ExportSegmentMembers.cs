using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Segments;

public sealed record SegmentMemberExportRow(Guid CustomerId, string Name, DateTime? LastPurchaseAt, int Purchases, long Spend, long AverageTicket,
    byte Recency, byte Frequency, byte Monetary);

/// <summary>
/// The members of one RFM segment in one scope for an Excel file, most recent buyers first, at most <see cref="MaxRows"/>
/// (the file is built in memory; the same cap as the cabinet's customer export). Streamed from one query. The columns
/// are the ones the segment's grid shows, no contact data: what a user exports is what they looked at.
/// </summary>
public sealed class ExportSegmentMembers(ILoyaltyDbFactory dbs) : IUseCase
{
    public const int MaxRows = 100_000;

    public async IAsyncEnumerable<SegmentMemberExportRow> HandleAsync(Guid scope, RfmSegment segment,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var rows = db.CustomerProfiles.AsNoTracking().Where(p => p.PartnerId == scope && p.Segment == segment)
            .Join(db.Customers, p => p.CustomerId, c => c.Id, (p, c) => new { p, c })
            .OrderByDescending(r => r.p.LastPurchaseAt).ThenBy(r => r.c.Id).Take(MaxRows)
            .Select(r => new SegmentMemberExportRow(r.c.Id, r.c.LastName == null ? r.c.FirstName : r.c.FirstName + " " + r.c.LastName,
                r.p.LastPurchaseAt, r.p.PurchasesTotal, r.p.SpendTotal, r.p.AverageTicket, r.p.Recency, r.p.Frequency, r.p.Monetary));
        await foreach (var row in rows.AsAsyncEnumerable().WithCancellation(ct))
            yield return row;
    }
}
