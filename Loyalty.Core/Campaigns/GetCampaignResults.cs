using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Campaigns;

public sealed record CampaignResults(
    string Name, CampaignType Type, CampaignStatus Status, int Rewards, int Members, decimal PointsGiven, decimal PointsReversed, decimal? Budget, decimal BudgetSpent,
    int CertificatesIssued, int CertificatesRedeemed, decimal CertificateDiscount, IReadOnlyList<ArmFigures> Arms, Uplift? ConversionUplift, Uplift? RevenueUplift,
    IReadOnlyList<(DateOnly Day, decimal Points)> Daily, string? TestNote);

/// <summary>
/// What a campaign gave and what it earned. The A/B figures compare each arm's members with the held-out control: a
/// conversion is a purchase (at the owner for a partner's campaign) within the campaign's conversion window after the
/// member's reward — or, for a purchase campaign, during the campaign over its target segment (docs/decisions/0063-ab-tests.md).
/// The rows are streamed and summed on the fly: memory stays flat however big the audience.
/// </summary>
public sealed class GetCampaignResults(ILoyaltyDbFactory dbs, TimeProvider clock) : IUseCase
{
    public async Task<CampaignResults> HandleAsync(Guid? ownerPartnerId, Guid id, string currency = "KZT", CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = dbs.Create();
        var c = await db.Campaigns.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id && c.OwnerPartnerId == ownerPartnerId, ct)
            ?? throw DomainException.NotFound("campaign-not-found", "This campaign does not exist.");
        var rewards = db.CampaignRewards.AsNoTracking().Where(r => r.CampaignId == id);
        var totals = await rewards.Where(r => r.Variant != TestArm.Control).GroupBy(_ => 1).Select(g => new
        {
            Count = g.Count(),
            Members = g.Select(r => r.CustomerId).Distinct().Count(),
            Points = g.Sum(r => r.Points),
            Reversed = g.Sum(r => r.ReversedPoints),
        }).FirstOrDefaultAsync(ct);
        var certificates = db.Certificates.AsNoTracking().Where(x => x.CampaignId == id);
        var issued = await certificates.CountAsync(ct);
        var redeemed = await certificates.Where(x => x.RedeemedAt != null).CountAsync(ct);
        var discount = await certificates.SumAsync(x => (long?)x.RedeemedAmount, ct) ?? 0;
        var since = now.AddDays(-60);
        var daily = (await rewards.Where(r => r.Points > 0 && r.At >= since).Select(r => new { r.At, r.Points }).ToListAsync(ct))
            .GroupBy(r => DateOnly.FromDateTime(r.At)).OrderBy(g => g.Key).Select(g => (g.Key, PointValue.ToDecimal(g.Sum(r => r.Points)))).ToList();

        var (arms, note) = await ArmsAsync(db, c, currency, now, ct);
        var control = arms.FirstOrDefault(a => a.Variant == TestArm.Control);
        var treated = arms.Where(a => a.Variant != TestArm.Control).ToList();
        var pooled = treated.Count == 0 ? null : new ArmFigures(TestArm.A, treated.Sum(a => a.Members), treated.Sum(a => a.Conversions), treated.Sum(a => a.Revenue), treated.Sum(a => a.RevenueSquares));
        return new CampaignResults(c.Name, c.Type, c.StatusAt(now), totals?.Count ?? 0, totals?.Members ?? 0, PointValue.ToDecimal(totals?.Points ?? 0),
            PointValue.ToDecimal(totals?.Reversed ?? 0), c.BudgetPoints is { } b ? PointValue.ToDecimal(b) : null, PointValue.ToDecimal(c.SpentPoints),
            issued, redeemed, Money.ToMajor(discount, currency), arms,
            control is null || pooled is null ? null : AbStatistics.Conversion(pooled, control),
            control is null || pooled is null ? null : AbStatistics.RevenuePerMember(pooled, control), daily, note);
    }

    private static async Task<(IReadOnlyList<ArmFigures>, string?)> ArmsAsync(ILoyaltyDb db, Campaign c, string currency, DateTime now, CancellationToken ct)
    {
        if (c.ControlPercent == 0 && c.VariantBRewardValue is null) return ([], null);
        var sums = new Dictionary<TestArm, (long Members, long Conversions, decimal Revenue, decimal Squares)>();
        void Add(TestArm variant, long revenueMinor, bool converted)
        {
            var revenue = Money.ToMajor(revenueMinor, currency);
            sums.TryGetValue(variant, out var s);
            sums[variant] = (s.Members + 1, s.Conversions + (converted ? 1 : 0), s.Revenue + revenue, s.Squares + revenue * revenue);
        }

        var sql = await RawSql.OnAsync(db, ct);
        if (c.IsPurchaseCampaign)
        {
            if (c.SegmentId is not { } segment) return ([], "An A/B test of a purchase campaign needs a target segment: its members are the audience.");
            var end = c.EndsAt is { } e && e < now ? e : now;
            // Every member of the segment, with their purchases at the owner during the campaign; arms by the same hash as the till.
            await using var reader = await sql.ReaderAsync(
                """
                SELECT m."CustomerId", COUNT(p."Id"), COALESCE(SUM(p."Amount" - p."RefundedAmount"), 0)
                FROM "SegmentMembers" m
                LEFT JOIN "Purchases" p ON p."CustomerId" = m."CustomerId" AND p."OccurredAt" >= @from AND p."OccurredAt" < @to
                    AND (@owner IS NULL OR p."PartnerId" = @owner)
                WHERE m."SegmentId" = @segment
                GROUP BY m."CustomerId"
                """, ct, ("@from", c.StartsAt), ("@to", end), ("@owner", c.OwnerPartnerId), ("@segment", segment));
            while (await reader.ReadAsync(ct))
            {
                var variant = CampaignRules.Assign(c.Id, reader.GetGuid(0), c.ControlPercent, c.VariantBRewardValue is not null);
                Add(variant, reader.GetInt64(2), reader.GetInt64(1) > 0);
            }
        }
        else
        {
            // Each reward row (control rows included) with the member's purchases after it; the window is applied here.
            await using var reader = await sql.ReaderAsync(
                """
                SELECT r."Id", r."Variant", r."At", p."OccurredAt", p."Amount" - p."RefundedAmount"
                FROM "CampaignRewards" r
                LEFT JOIN "Purchases" p ON p."CustomerId" = r."CustomerId" AND p."OccurredAt" > r."At" AND (@owner IS NULL OR p."PartnerId" = @owner)
                WHERE r."CampaignId" = @campaign
                ORDER BY r."Id"
                """, ct, ("@owner", c.OwnerPartnerId), ("@campaign", c.Id));
            long current = -1;
            TestArm variant = TestArm.A;
            long revenue = 0;
            var converted = false;
            while (await reader.ReadAsync(ct))
            {
                var rowId = reader.GetInt64(0);
                if (rowId != current)
                {
                    if (current != -1) Add(variant, revenue, converted);
                    (current, variant, revenue, converted) = (rowId, (TestArm)reader.GetInt32(1), 0, false);
                }
                if (!reader.IsDBNull(3) && reader.GetDateTime(3) <= reader.GetDateTime(2).AddDays(c.ConversionDays))
                {
                    converted = true;
                    revenue += reader.GetInt64(4);
                }
            }
            if (current != -1) Add(variant, revenue, converted);
        }
        return (sums.OrderBy(s => s.Key).Select(s => new ArmFigures(s.Key, s.Value.Members, s.Value.Conversions, s.Value.Revenue, s.Value.Squares)).ToList(), null);
    }
}
