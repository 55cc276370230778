using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Segments;

public sealed record SegmentMemberRow(Guid CustomerId, string Name, DateTime? LastPurchaseAt, int Purchases, long Spend, long AverageTicket, byte Recency, byte Frequency, byte Monetary);

public sealed record SegmentMembersQuery(Guid Scope, RfmSegment Segment, int Page, int PageSize, string? SortBy, bool Descending);

/// <summary>Members of one segment in one scope, paged and sorted in the database.</summary>
public sealed class ListSegmentMembers(ILoyaltyDbFactory dbs) : IUseCase
{
    public async Task<(IReadOnlyList<SegmentMemberRow> Items, int Total)> HandleAsync(SegmentMembersQuery query, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var profiles = db.CustomerProfiles.AsNoTracking().Where(p => p.PartnerId == query.Scope && p.Segment == query.Segment);
        var total = await profiles.CountAsync(ct);
        var rows = profiles.Join(db.Customers, p => p.CustomerId, c => c.Id, (p, c) => new { p, c });
        rows = (query.SortBy, query.Descending) switch
        {
            ("LastPurchaseAt", false) => rows.OrderBy(r => r.p.LastPurchaseAt),
            ("Purchases", false) => rows.OrderBy(r => r.p.PurchasesTotal),
            ("Purchases", true) => rows.OrderByDescending(r => r.p.PurchasesTotal),
            ("Spend", false) => rows.OrderBy(r => r.p.SpendTotal),
            ("Spend", true) => rows.OrderByDescending(r => r.p.SpendTotal),
            _ => rows.OrderByDescending(r => r.p.LastPurchaseAt),
        };
        var size = Math.Clamp(query.PageSize, 1, 200);
        var items = await rows.Skip(Math.Max(0, query.Page) * size).Take(size)
            .Select(r => new SegmentMemberRow(r.c.Id, r.c.LastName == null ? r.c.FirstName : r.c.FirstName + " " + r.c.LastName,
                r.p.LastPurchaseAt, r.p.PurchasesTotal, r.p.SpendTotal, r.p.AverageTicket, r.p.Recency, r.p.Frequency, r.p.Monetary))
            .ToListAsync(ct);
        return (items, total);
    }
}
