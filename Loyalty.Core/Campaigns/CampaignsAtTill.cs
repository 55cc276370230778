using Loyalty.Core.Common;
using Loyalty.Core.Points;
using Loyalty.Core.Pos;

namespace Loyalty.Core.Campaigns;

/// <summary>A campaign's bonus as the till shows it.</summary>
public sealed record BonusLine(string Campaign, decimal Points);

/// <summary>The certificate a receipt uses, as the till shows it.</summary>
public sealed record CertificateLine(string Code, string Title, decimal Discount);

/// <summary>A certificate found valid for this sale before the write, with the discount it gives (minor units).</summary>
internal sealed record TillCertificate(Guid Id, string Code, string Title, Guid? IssuerPartnerId, long Discount);

/// <summary>
/// Campaigns and certificates on the till's hot path (docs/decisions/0060-campaigns.md). Before the write: the cached
/// campaigns are evaluated in memory; the member's segments (one indexed statement) and "first purchase here" are read
/// only when a live campaign asks. In the write: plain SQL only — the budget and per-member limit are enforced by
/// conditional statements there, where writers are serialised, so they hold under any concurrency.
/// </summary>
internal static class CampaignsAtTill
{
    public static async Task<IReadOnlyList<CampaignBonus>> BonusesAsync(ILoyaltyDb read, ActiveCampaigns active, PosCaller caller, Guid customerId,
        DateTime occurredAt, long amount, long paid, long baseEarned, IReadOnlyList<Purchases.PurchaseItem> items, CancellationToken ct)
    {
        var live = await active.ForPartnerAsync(caller.PartnerId, ct);
        if (live.Campaigns.Count == 0) return [];
        var sql = await RawSql.OnAsync(read, ct);
        var segments = new HashSet<Guid>();
        if (live.NeedsSegments)
        {
            await using var reader = await sql.ReaderAsync("""SELECT "SegmentId" FROM "SegmentMembers" WHERE "CustomerId" = @customer""", ct, ("@customer", customerId));
            while (await reader.ReadAsync(ct)) segments.Add(reader.GetGuid(0));
        }
        var first = live.NeedsFirstPurchase && await sql.ScalarAsync<long?>(
            $"""SELECT {sql.Top(1)}1 FROM "Purchases" WHERE "CustomerId" = @customer AND "PartnerId" = @partner{sql.Limit(1)}""",
            ct, ("@customer", customerId), ("@partner", caller.PartnerId)) is null;
        var sale = new CampaignSale(customerId, caller.StoreId, occurredAt, amount, paid, baseEarned, caller.Currency,
            items.Select(i => new OfferLine(i.Sku, i.Category, i.Price)).ToList(), segments, first);
        return CampaignRules.Evaluate(live.Campaigns, sale);
    }

    public static async Task<TillCertificate?> CertificateAsync(ILoyaltyDb read, PosCaller caller, Guid customerId, string? code, long amount, DateTime now, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(code)) return null;
        var normal = CertificateCodes.Normalize(code);
        var sql = await RawSql.OnAsync(read, ct);
        await using var reader = await sql.ReaderAsync(
            """
            SELECT "Id", "CustomerId", "IssuerPartnerId", "Kind", "Value", "CapBp", "ValidFrom", "ExpiresAt", "RedeemedAt", "CancelledAt", "Title"
            FROM "Certificates" WHERE "Code" = @code
            """, ct, ("@code", normal));
        if (!await reader.ReadAsync(ct) || reader.GetGuid(1) != customerId)
            throw DomainException.NotFound("certificate-not-found", "No certificate with this code for this member.");
        if (!reader.IsDBNull(2) && reader.GetGuid(2) != caller.PartnerId)
            throw new DomainException("certificate-other-partner", "This certificate is not valid at this partner.");
        if (!reader.IsDBNull(8)) throw DomainException.Conflict("certificate-used", "This certificate has already been used.");
        if (!reader.IsDBNull(9)) throw new DomainException("certificate-cancelled", "This certificate was cancelled.");
        if (now < reader.GetDateTime(6)) throw new DomainException("certificate-not-yet-valid", "This certificate is not valid yet.");
        if (now >= reader.GetDateTime(7)) throw new DomainException("certificate-expired", "This certificate has expired.");
        var discount = CertificateDiscount((CertificateKind)reader.GetInt32(3), reader.GetInt64(4), reader.GetInt32(5), amount, caller.Currency);
        return new TillCertificate(reader.GetGuid(0), normal, reader.GetString(10), reader.IsDBNull(2) ? null : reader.GetGuid(2), discount);
    }

    /// <summary>Null when there is none, so a receipt without campaigns compares and serialises as before.</summary>
    public static IReadOnlyList<BonusLine>? Lines(IReadOnlyList<CampaignBonus> bonuses) =>
        bonuses.Count == 0 ? null : bonuses.Select(b => new BonusLine(b.Name, PointValue.ToDecimal(b.Points))).ToList();

    /// <summary>The money (minor units) a certificate takes off <paramref name="amount"/>: its value, at most its cap share, at most the amount.</summary>
    public static long CertificateDiscount(CertificateKind kind, long value, int capBp, long amount, string currency)
    {
        var discount = kind == CertificateKind.Points
            ? Purchases.RewardRules.RedeemedValueMinor(value, currency)
            : (long)((Int128)amount * value / 10_000);
        if (capBp > 0) discount = Math.Min(discount, (long)((Int128)amount * capBp / 10_000));
        return Math.Clamp(discount, 0, amount);
    }

    /// <summary>
    /// Inside the write: each bonus first claims its budget (a conditional update that also serialises the campaign's
    /// rewards on SQL Server), then the per-member limit is counted, then the reward row and the transfer are written.
    /// A bonus whose budget or limit is spent is dropped from the receipt; the sale goes on.
    /// </summary>
    public static async Task<IReadOnlyList<CampaignBonus>> GrantAsync(ILoyaltyDb db, ActiveCampaigns active, IReadOnlyList<CampaignBonus> bonuses,
        PosCaller caller, Guid customerId, LedgerAccount main, Guid purchaseId, DateTime now, DateTime lotExpiresAt, CancellationToken ct)
    {
        if (bonuses.Count == 0) return bonuses;
        var sql = await RawSql.OnAsync(db, ct);
        var granted = new List<CampaignBonus>(bonuses.Count);
        foreach (var bonus in bonuses)
        {
            var claimed = await sql.ExecuteAsync(
                """
                UPDATE "Campaigns" SET "SpentPoints" = "SpentPoints" + @points
                WHERE "Id" = @id AND ("BudgetPoints" IS NULL OR "SpentPoints" + @points <= "BudgetPoints")
                """, ct, ("@points", bonus.Points), ("@id", bonus.CampaignId));
            if (claimed != 1) continue;
            if (bonus.PerCustomerLimit is { } limit)
            {
                var count = await sql.ScalarAsync<long>("""SELECT COUNT(*) FROM "CampaignRewards" WHERE "CampaignId" = @id AND "CustomerId" = @customer""",
                    ct, ("@id", bonus.CampaignId), ("@customer", customerId));
                if (count >= limit)
                {
                    await sql.ExecuteAsync("""UPDATE "Campaigns" SET "SpentPoints" = "SpentPoints" - @points WHERE "Id" = @id""", ct, ("@points", bonus.Points), ("@id", bonus.CampaignId));
                    continue;
                }
            }
            await sql.ExecuteAsync(
                """
                INSERT INTO "CampaignRewards" ("CampaignId", "CustomerId", "Occasion", "Variant", "Points", "ReversedPoints", "PurchaseId", "At")
                VALUES (@campaign, @customer, @occasion, @variant, @points, 0, @purchase, @at)
                """, ct, ("@campaign", bonus.CampaignId), ("@customer", customerId), ("@occasion", purchaseId.ToString("N")), ("@variant", (int)bonus.Variant),
                ("@points", bonus.Points), ("@purchase", purchaseId), ("@at", now));
            var funding = await active.FundingAccountAsync(db, bonus.OwnerPartnerId, ct);
            await Ledger.PostAsync(db, now, CampaignReasons.PurchaseBonus, $"Bonus “{bonus.Name}” at {caller.PartnerName}",
                [new Leg(funding, -bonus.Points), new Leg(main, bonus.Points)], customerId, caller.PartnerId, purchaseId, lotExpiresAt: lotExpiresAt, ct: ct);
            granted.Add(bonus);
        }
        return granted;
    }

    /// <summary>Marks the certificate used by this purchase, exactly once: a second use finds it already redeemed and the sale fails.</summary>
    public static async Task RedeemAsync(ILoyaltyDb db, ActiveCampaigns active, TillCertificate certificate, PosCaller caller, LedgerAccount redemption, Guid customerId, Guid purchaseId, DateTime now, CancellationToken ct)
    {
        var sql = await RawSql.OnAsync(db, ct);
        var used = await sql.ExecuteAsync(
            """
            UPDATE "Certificates" SET "RedeemedAt" = @at, "PurchaseId" = @purchase, "RedeemedAmount" = @amount
            WHERE "Id" = @id AND "RedeemedAt" IS NULL AND "CancelledAt" IS NULL
            """, ct, ("@at", now), ("@purchase", purchaseId), ("@amount", certificate.Discount), ("@id", certificate.Id));
        if (used != 1) throw DomainException.Conflict("certificate-used", "This certificate has already been used.");
        var points = (long)(Money.ToMajor(certificate.Discount, caller.Currency) * PointValue.Scale);
        if (points <= 0) return;
        // The issuer pays for the discount the accepting partner gave: settlement sees it like points spent there.
        var funding = await active.FundingAccountAsync(db, certificate.IssuerPartnerId, ct);
        await Ledger.PostAsync(db, now, CampaignReasons.CertificateRedeem, $"Certificate “{certificate.Title}” used at {caller.PartnerName}",
            [new Leg(funding, -points), new Leg(redemption, points)], customerId, caller.PartnerId, purchaseId, ct: ct);
    }
}
