using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Referrals;

/// <summary>A member above or below the card's member in the referral graph; <see cref="Level"/> 1 is a direct link.</summary>
public sealed record MemberReferralRow(Guid Id, string Name, string Phone, int Level, DateTime? ReferredAt, string? ReferredBy, int Purchases);

/// <summary>
/// The member card's referrals: the chain of who referred the member (level 1 = the referrer), how many members sit on each
/// level below, and one page of one level's members. The member's depth is the chain's length.
/// </summary>
public sealed record MemberReferrals(IReadOnlyList<MemberReferralRow> Upline, IReadOnlyList<int> LevelCounts, int Level, IReadOnlyList<MemberReferralRow> Page, int PageTotal)
{
    public int Depth => Upline.Count;
    public int Downline => LevelCounts.Sum();
}

/// <summary>
/// One member's referrals for the operator's card, paged in the database: a level's members are found by nesting the
/// level above as a subquery on the indexed ReferrerId (one statement per level, no recursion, same SQL on both providers).
/// </summary>
public sealed class ListMemberReferrals(ILoyaltyDbFactory dbs) : IUseCase
{
    public const int MaxLevels = 10;

    public async Task<MemberReferrals> HandleAsync(Guid customerId, int level = 1, int page = 0, int pageSize = 10, CancellationToken ct = default)
    {
        level = Math.Clamp(level, 1, MaxLevels);
        await using var db = dbs.Create();
        var member = await db.Customers.AsNoTracking().Where(c => c.Id == customerId).Select(c => new { c.ReferrerId }).FirstOrDefaultAsync(ct)
            ?? throw DomainException.NotFound("customer-not-found", "No member with this id.");

        // Upward: one indexed lookup per link; a ring (which SetReferrer refuses anyway) stops at the first repeat.
        var upline = new List<MemberReferralRow>();
        var seen = new HashSet<Guid> { customerId };
        for (var (next, depth) = (member.ReferrerId, 1); next is { } id && seen.Add(id) && depth <= 100; depth++)
        {
            var row = await Rows(db, db.Customers.Where(c => c.Id == id), depth).FirstOrDefaultAsync(ct);
            if (row is null) break;
            upline.Add(row);
            next = await db.Customers.Where(c => c.Id == id).Select(c => c.ReferrerId).FirstOrDefaultAsync(ct);
        }

        var counts = new List<int>();
        for (var l = 1; l <= MaxLevels; l++)
        {
            var count = await AtLevel(db, customerId, l).CountAsync(ct);
            if (count == 0) break;
            counts.Add(count);
        }

        var atLevel = AtLevel(db, customerId, level);
        var total = level <= counts.Count ? counts[level - 1] : 0;
        var rows = total == 0 ? [] : await Rows(db, atLevel.OrderBy(c => c.ReferredAt).ThenBy(c => c.Id)
            .Skip(Math.Max(0, page) * pageSize).Take(Math.Clamp(pageSize, 1, 100)), level).ToListAsync(ct);
        return new MemberReferrals(upline, counts, level, rows, total);
    }

    /// <summary>Members exactly <paramref name="level"/> links below: each level is the one above as an IN subquery.</summary>
    private static IQueryable<Customers.Customer> AtLevel(ILoyaltyDb db, Guid customerId, int level)
    {
        var members = db.Customers.AsNoTracking().Where(c => c.ReferrerId == customerId);
        for (var l = 2; l <= level; l++)
        {
            var parents = members.Select(c => c.Id);
            members = db.Customers.AsNoTracking().Where(c => c.ReferrerId != null && parents.Contains(c.ReferrerId.Value));
        }
        return members;
    }

    private static IQueryable<MemberReferralRow> Rows(ILoyaltyDb db, IQueryable<Customers.Customer> members, int level) =>
        members.Select(c => new MemberReferralRow(c.Id, c.FirstName + (c.LastName == null ? "" : " " + c.LastName), c.Phone, level, c.ReferredAt,
            db.Customers.Where(r => r.Id == c.ReferrerId).Select(r => r.FirstName).FirstOrDefault(),
            db.Purchases.Count(p => p.CustomerId == c.Id)));
}
