using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Referrals;

public sealed record ReferralNode(Guid CustomerId, string Name, string Phone, int Depth, Guid? ParentId, DateTime? ReferredAt, int Purchases, long PointsEarned);

public sealed record ReferralTreeView(ReferralNode Member, IReadOnlyList<ReferralNode> Upline, IReadOnlyList<ReferralNode> Downline, int DownlineTotal, bool Truncated);

/// <summary>
/// The operator's view of one member's place in the referral graph: the chain above (who invited whom, up to the root)
/// and the tree below, level by level (one query per level, capped so a huge network stays a quick page).
/// </summary>
public sealed class GetReferralTree(ILoyaltyDbFactory dbs) : IUseCase
{
    public const int MaxDepth = 10;
    public const int MaxNodes = 500;

    public async Task<ReferralTreeView> HandleAsync(Guid customerId, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var member = await NodeAsync(db, [customerId], 0, ct);
        if (member.Count == 0) throw DomainException.NotFound("customer-not-found", "No such member.");

        var upline = new List<ReferralNode>();
        var up = member[0].ParentId;
        var seen = new HashSet<Guid> { customerId };
        for (var depth = -1; up is { } id && seen.Add(id) && depth >= -MaxDepth * 10; depth--)
        {
            var node = (await NodeAsync(db, [id], depth, ct)).FirstOrDefault();
            if (node is null) break;
            upline.Add(node);
            up = node.ParentId;
        }

        var downline = new List<ReferralNode>();
        var level = new List<Guid> { customerId };
        var truncated = false;
        for (var depth = 1; depth <= MaxDepth && level.Count > 0; depth++)
        {
            var parents = level;
            var ids = await db.Customers.AsNoTracking().Where(c => c.ReferrerId != null && parents.Contains(c.ReferrerId.Value))
                .OrderBy(c => c.ReferredAt).Select(c => c.Id).Take(MaxNodes - downline.Count + 1).ToListAsync(ct);
            if (downline.Count + ids.Count > MaxNodes)
            {
                truncated = true;
                ids = ids.Take(MaxNodes - downline.Count).ToList();
            }
            downline.AddRange(await NodeAsync(db, ids, depth, ct));
            level = ids;
            if (truncated) break;
        }
        var total = await ReferralTree.CountDescendantsAsync(db, customerId, MaxDepth, ct);
        upline.Reverse();
        return new ReferralTreeView(member[0], upline, downline, total, truncated);
    }

    private static async Task<List<ReferralNode>> NodeAsync(ILoyaltyDb db, List<Guid> ids, int depth, CancellationToken ct) =>
        await db.Customers.AsNoTracking().Where(c => ids.Contains(c.Id))
            .Select(c => new ReferralNode(c.Id, c.FirstName, c.Phone, depth, c.ReferrerId, c.ReferredAt,
                db.Purchases.Count(p => p.CustomerId == c.Id),
                db.ReferralRewards.Where(r => r.ReferrerId == c.Id).Sum(r => r.Points - r.ReversedPoints)))
            .ToListAsync(ct);
}

internal static class ReferralTree
{
    /// <summary>Members below a member down to <paramref name="depth"/> levels, one indexed query per level.</summary>
    public static async Task<int> CountDescendantsAsync(ILoyaltyDb db, Guid customerId, int depth, CancellationToken ct)
    {
        var total = 0;
        var level = new List<Guid> { customerId };
        for (var d = 0; d < depth && level.Count > 0; d++)
        {
            var parents = level;
            level = await db.Customers.AsNoTracking().Where(c => c.ReferrerId != null && parents.Contains(c.ReferrerId.Value)).Select(c => c.Id).Take(100_000).ToListAsync(ct);
            total += level.Count;
        }
        return total;
    }
}
