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
        // The page is taken from the profiles alone and only its members are looked up: joining the members first meant a
        // lookup for each of a big segment's 40,000 members before the sort (0190). The last purchase is sorted through a
        // COALESCE (a scored profile always has one) so that SQLite sorts the segment's rows from the segment index rather
        // than walking all the partner's profiles newest first: the at-risk and lost are at the far, old end of that walk.
        var ordered = (query.SortBy, query.Descending) switch
        {
            ("LastPurchaseAt", false) => profiles.OrderBy(p => p.LastPurchaseAt ?? DateTime.MinValue).ThenBy(p => p.CustomerId),
            ("Purchases", false) => profiles.OrderBy(p => p.PurchasesTotal).ThenBy(p => p.CustomerId),
            ("Purchases", true) => profiles.OrderByDescending(p => p.PurchasesTotal).ThenByDescending(p => p.CustomerId),
            ("Spend", false) => profiles.OrderBy(p => p.SpendTotal).ThenBy(p => p.CustomerId),
            ("Spend", true) => profiles.OrderByDescending(p => p.SpendTotal).ThenByDescending(p => p.CustomerId),
            _ => profiles.OrderByDescending(p => p.LastPurchaseAt ?? DateTime.MinValue).ThenByDescending(p => p.CustomerId),
        };
        var size = Math.Clamp(query.PageSize, 1, 200);
        var page = await ordered.Skip(Math.Max(0, query.Page) * size).Take(size)
            .Select(p => new { p.CustomerId, p.LastPurchaseAt, p.PurchasesTotal, p.SpendTotal, p.AverageTicket, p.Recency, p.Frequency, p.Monetary })
            .ToListAsync(ct);
        var ids = page.Select(p => p.CustomerId).ToList();
        var names = await db.Customers.AsNoTracking().Where(c => ids.Contains(c.Id))
            .Select(c => new { c.Id, Name = c.LastName == null ? c.FirstName : c.FirstName + " " + c.LastName })
            .ToDictionaryAsync(c => c.Id, c => c.Name, ct);
        var items = page.Where(p => names.ContainsKey(p.CustomerId))
            .Select(p => new SegmentMemberRow(p.CustomerId, names[p.CustomerId], p.LastPurchaseAt, p.PurchasesTotal, p.SpendTotal, p.AverageTicket,
                p.Recency, p.Frequency, p.Monetary))
            .ToList();
        return (items, total);
    }
}
