using Loyalty.Core.Common;
using Loyalty.Core.Messaging;
using Loyalty.Core.Reviews;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Analytics;

/// <param name="Cashier">The till's reference for the cashier; null for receipts whose till did not say.</param>
/// <param name="Partner">The partner's name, for the coalition view (cashier references are only unique within a partner).</param>
/// <param name="CardShare">Card receipts ÷ all receipts the cashier served; null when nothing was served.</param>
/// <param name="AverageRating">Average of the published and flagged reviews written about receipts this cashier served.</param>
public sealed record StaffRow(Guid PartnerId, string? Partner, string? Cashier, int CardPurchases, long CardRevenue, int CardlessReceipts, long CardlessRevenue,
    double? CardShare, long? MemberTicket, long? CardlessTicket, int Reviews, double? AverageRating)
{
    public int Served => CardPurchases + CardlessReceipts;
}

/// <summary>
/// Staff performance for a period: per cashier (as the till names them), receipts served with and without a card, the share
/// with a card, the average ticket of members and of the rest, and the ratings members gave those receipts (a review is
/// tied to one purchase, so its rating belongs to that purchase's cashier). Card receipts come from the sales roll-up (0220),
/// receipts without a card from their own per-report rows, ratings from the reviews (0250); the rows
/// are joined here (0150).
/// </summary>
public sealed class GetStaffPerformance(ILoyaltyDbFactory dbs) : IUseCase
{
    public async Task<IReadOnlyList<StaffRow>> HandleAsync(AnalyticsQuery query, CancellationToken ct = default)
    {
        query = query.Validated();
        await using var db = dbs.Create();
        var (from, to) = (query.From, query.To);
        var card = (await db.Database.SqlQuery<CashierTotals>(RollupSql.For(db).Sales(query.Slice, ("x.pid", "PartnerId"), ("x.cashier", "Cashier")).Build()).ToListAsync(ct))
            .Where(c => c.Receipts > 0)
            .Select(c => new { c.PartnerId, Cashier = c.Cashier == "" ? null : c.Cashier, Count = c.Receipts, c.Revenue })
            .ToList();
        var cardless = await db.AnonymousReceipts
            .Where(r => r.OccurredAt >= from && r.OccurredAt < to && (query.PartnerId == null || r.PartnerId == query.PartnerId))
            .GroupBy(r => new { r.PartnerId, r.Cashier })
            .Select(g => new { g.Key.PartnerId, g.Key.Cashier, Count = g.Sum(r => r.Count), Revenue = g.Sum(r => r.Amount) })
            .ToListAsync(ct);
        var ratings = await db.Database.SqlQuery<CashierRatings>(Ratings(query).Build()).ToListAsync(ct);

        var keys = card.Select(c => (c.PartnerId, c.Cashier)).Concat(cardless.Select(c => (c.PartnerId, c.Cashier))).Distinct().ToList();
        var partnerIds = keys.Select(k => k.PartnerId).Distinct().ToList();
        var names = query.PartnerId is null
            ? await db.Partners.Where(p => partnerIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Name, ct)
            : [];
        return keys.Select(k =>
            {
                var c = card.FirstOrDefault(x => x.PartnerId == k.PartnerId && x.Cashier == k.Cashier);
                var n = cardless.FirstOrDefault(x => x.PartnerId == k.PartnerId && x.Cashier == k.Cashier);
                var r = ratings.FirstOrDefault(x => x.PartnerId == k.PartnerId && x.Cashier == k.Cashier);
                int cardCount = c?.Count ?? 0, cardlessCount = n?.Count ?? 0;
                return new StaffRow(k.PartnerId, names.GetValueOrDefault(k.PartnerId), k.Cashier, cardCount, c?.Revenue ?? 0, cardlessCount, n?.Revenue ?? 0,
                    cardCount + cardlessCount == 0 ? null : (double)cardCount / (cardCount + cardlessCount),
                    cardCount == 0 ? null : (c!.Revenue) / cardCount, cardlessCount == 0 ? null : n!.Revenue / cardlessCount,
                    r?.Count ?? 0, r is null || r.Count == 0 ? null : (double)r.Sum / r.Count);
            })
            // Named cashiers first by receipts served; "not recorded" last, it is not a person.
            .OrderBy(row => row.Cashier is null).ThenByDescending(row => row.Served).ThenBy(row => row.Cashier)
            .ToList();
    }

    /// <summary>
    /// Ratings per cashier of the period's receipts, from the reviews alone: each carries its receipt's time and cashier
    /// (0250). Led by the receipts, a year of a busy partner read 750,000 of them to find the reviewed few (0230); led by the
    /// reviews written since the period began, it looked each one's receipt up by key (0.17–0.21 s for a year). Hidden reviews
    /// broke the rules and left the partner's average (0106); they leave the cashier's too.
    /// </summary>
    private static SqlBuilder Ratings(AnalyticsQuery query)
    {
        var sql = new SqlBuilder().Append("SELECT r.\"PartnerId\", r.\"Cashier\", COUNT(*) AS \"Count\", SUM(r.\"Rating\") AS \"Sum\" FROM \"Reviews\" r")
            .Append(" WHERE r.\"PurchasedAt\" >= ").Param(query.From).Append(" AND r.\"PurchasedAt\" < ").Param(query.To)
            .Append($" AND r.\"Status\" IN ({(int)ReviewStatus.Published}, {(int)ReviewStatus.Flagged})");
        if (query.PartnerId is { } partner) sql.Append(" AND r.\"PartnerId\" = ").Param(partner);
        return sql.Append(" GROUP BY r.\"PartnerId\", r.\"Cashier\"");
    }
}

/// <summary>Sums of its ratings per cashier, as <see cref="GetStaffPerformance"/> reads them.</summary>
internal sealed class CashierRatings
{
    public Guid PartnerId { get; init; }
    public string? Cashier { get; init; }
    public int Count { get; init; }
    public long Sum { get; init; }
}

internal sealed class CashierTotals
{
    public Guid PartnerId { get; init; }
    public string Cashier { get; init; } = "";
    public int Receipts { get; init; }
    public long Revenue { get; init; }
}
