using Loyalty.Core.Common;
using Loyalty.Core.Points;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Integrations;

/// <summary>A keyset position: the last row a page ended on. The web layer makes it opaque and tamper-proof.</summary>
public sealed record ExportPosition(DateTime At, Guid Id);

public sealed record ExportPage<T>(IReadOnlyList<T> Items, ExportPosition? Next);

public sealed record TransactionExportRow(Guid TransactionId, Guid StoreId, string StoreName, Guid CustomerId, string ReceiptNumber, DateTime OccurredAt,
    decimal Amount, decimal RefundedAmount, string Currency, decimal EarnedPoints, decimal RedeemedPoints, decimal Discount, bool Imported);

/// <summary>
/// The partner's purchases in (time, id) order, for an accounting system. Keyset paging over the (PartnerId, OccurredAt)
/// index: a page costs the same at row 10 and at row 10 million, and rows added meanwhile are not skipped or repeated.
/// </summary>
public sealed class ExportTransactions(ILoyaltyDbFactory dbs) : IUseCase
{
    public const int MaxPage = 1000;

    public async Task<ExportPage<TransactionExportRow>> HandleAsync(Guid partnerId, ExportPosition? after, int limit, DateTime? from = null, CancellationToken ct = default)
    {
        limit = Math.Clamp(limit, 1, MaxPage);
        await using var db = dbs.Create();
        var rows = db.Purchases.AsNoTracking().Where(p => p.PartnerId == partnerId);
        if (after is not null) rows = rows.Where(p => p.OccurredAt > after.At || (p.OccurredAt == after.At && p.Id.CompareTo(after.Id) > 0));
        else if (from is { } since) rows = rows.Where(p => p.OccurredAt >= since);
        var page = await rows.OrderBy(p => p.OccurredAt).ThenBy(p => p.Id).Take(limit)
            .Join(db.Stores, p => p.StoreId, s => s.Id, (p, s) => new { p, Store = s.Name })
            .ToListAsync(ct);
        var items = page.OrderBy(r => r.p.OccurredAt).ThenBy(r => r.p.Id).Select(r => new TransactionExportRow(r.p.Id, r.p.StoreId, r.Store, r.p.CustomerId, r.p.ReceiptNumber,
            r.p.OccurredAt, Money.ToMajor(r.p.Amount, r.p.Currency), Money.ToMajor(r.p.RefundedAmount, r.p.Currency), r.p.Currency,
            PointValue.ToDecimal(r.p.EarnedPoints), PointValue.ToDecimal(r.p.RedeemedPoints), Money.ToMajor(r.p.DiscountAmount, r.p.Currency), r.p.IsImported)).ToList();
        return new ExportPage<TransactionExportRow>(items, items.Count == limit ? new ExportPosition(items[^1].OccurredAt, items[^1].TransactionId) : null);
    }
}

public sealed record CustomerExportRow(Guid CustomerId, string Phone, string FirstName, string? LastName, string? Email, DateOnly? BirthDate,
    DateTime RegisteredAt, bool EmailConsent, bool SmsConsent);

/// <summary>The partner's own customers (members who bought there), in id order, keyset-paged.</summary>
public sealed class ExportCustomers(ILoyaltyDbFactory dbs) : IUseCase
{
    public async Task<ExportPage<CustomerExportRow>> HandleAsync(Guid partnerId, ExportPosition? after, int limit, CancellationToken ct = default)
    {
        limit = Math.Clamp(limit, 1, ExportTransactions.MaxPage);
        await using var db = dbs.Create();
        var rows = db.Customers.AsNoTracking().Where(c => db.Purchases.Any(p => p.CustomerId == c.Id && p.PartnerId == partnerId));
        if (after is not null) rows = rows.Where(c => c.Id.CompareTo(after.Id) > 0);
        var items = await rows.OrderBy(c => c.Id).Take(limit)
            .Select(c => new CustomerExportRow(c.Id, c.Phone, c.FirstName, c.LastName, c.Email, c.BirthDate, c.RegisteredAt, c.EmailConsentAt != null, c.SmsConsentAt != null))
            .ToListAsync(ct);
        return new ExportPage<CustomerExportRow>(items, items.Count == limit ? new ExportPosition(DateTime.MinValue, items[^1].CustomerId) : null);
    }
}

public sealed record OfferCatalogue(decimal EarnPercent, decimal RedemptionCapPercent, IReadOnlyDictionary<string, decimal> CategoryEarnPercent,
    IReadOnlyList<ProductOffer> PromoCodeProducts, IReadOnlyList<CampaignOffer> Campaigns, IReadOnlyList<PostOffer> Posts, string Note);

public sealed record ProductOffer(Guid ProductId, string Sku, string Name, string Brand, int PointsPerCode);

/// <summary>
/// A running purchase campaign as a shop shows it: <paramref name="Reward"/> is <c>extraPercent</c> (<paramref name="Value"/> %
/// of the part paid in money), <c>fixedPoints</c> (points) or <c>multiplier</c> (× the base points). Conditions as the till
/// applies them; <paramref name="Skus"/>/<paramref name="Categories"/> limit a special offer to those lines.
/// <paramref name="ForSegmentOnly"/>: only some members get it (which ones is the partner's business, not the catalogue's).
/// </summary>
public sealed record CampaignOffer(Guid CampaignId, string Name, string? Description, string Type, string Reward, decimal Value, decimal MinAmount,
    IReadOnlyList<string> Skus, IReadOnlyList<string> Categories, bool FirstPurchaseOnly, bool ForSegmentOnly, DateTime StartsAt, DateTime? EndsAt);

/// <summary>A published news item or offer post of the partner (<paramref name="Kind"/> <c>news</c> or <c>offer</c>), plain text, as on its portal page.</summary>
public sealed record PostOffer(Guid PostId, string Kind, string Title, string Body, DateTime PublishedAt, DateTime? EndsAt);

/// <summary>
/// What a shopper earns at this partner (decision 0164): the base and category rates, the purchase campaigns running now
/// (purchase bonuses and special offers, launched, started, not ended or paused), the news and offer posts on show now,
/// and, for a manufacturer, its promo-code products. Trigger campaigns (birthday, win-back…) are personal, not listed.
/// </summary>
public sealed class ListOffers(ILoyaltyDbFactory dbs, TimeProvider clock) : IUseCase
{
    public const int MaxItems = 100;

    public async Task<OfferCatalogue> HandleAsync(Guid partnerId, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = dbs.Create();
        var partner = await db.Partners.AsNoTracking().FirstAsync(p => p.Id == partnerId, ct);
        var categories = await db.PartnerCategoryRates.AsNoTracking().Where(r => r.PartnerId == partnerId).ToListAsync(ct);
        var products = await db.Products.AsNoTracking().Where(p => p.PartnerId == partnerId).OrderBy(p => p.Name)
            .Select(p => new ProductOffer(p.Id, p.Sku, p.Name, p.Brand, p.PointsPerCode)).ToListAsync(ct);
        var campaigns = await db.Campaigns.AsNoTracking()
            .Where(c => c.OwnerPartnerId == partnerId && c.Status == Campaigns.CampaignStatus.Active && c.StartsAt <= now && (c.EndsAt == null || c.EndsAt > now)
                && (c.Type == Campaigns.CampaignType.PurchaseBonus || c.Type == Campaigns.CampaignType.SpecialOffer))
            .OrderBy(c => c.EndsAt == null).ThenBy(c => c.EndsAt).ThenBy(c => c.Name).Take(MaxItems).ToListAsync(ct);
        var posts = await News.PostQueries.Current(db, now).Where(p => p.PartnerId == partnerId)
            .OrderByDescending(p => p.PublishedAt).Take(MaxItems)
            .Select(p => new PostOffer(p.Id, p.Kind == News.PostKind.Offer ? "offer" : "news", p.Title, p.Body, p.PublishedAt!.Value, p.EndsAt)).ToListAsync(ct);
        return new OfferCatalogue(partner.EarnRateBp / 100m, partner.RedemptionCapBp / 100m,
            categories.ToDictionary(c => c.Category, c => c.EarnRateBp / 100m), products, campaigns.Select(c => Offer(c, partner.Currency)).ToList(), posts,
            "Earning rates, the purchase campaigns running now, the partner's current news and offer posts, and promo-code products.");
    }

    private static CampaignOffer Offer(Campaigns.Campaign c, string currency)
    {
        var (reward, value) = c.RewardKind switch
        {
            Campaigns.RewardKind.ExtraPercent => ("extraPercent", c.RewardValue / 100m),
            Campaigns.RewardKind.Multiplier => ("multiplier", c.RewardValue / 100m),
            _ => ("fixedPoints", PointValue.ToDecimal(c.RewardValue)),
        };
        static IReadOnlyList<string> List(string text) => text.Split(['|', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return new CampaignOffer(c.Id, c.Name, c.Description, c.Type == Campaigns.CampaignType.SpecialOffer ? "specialOffer" : "purchaseBonus", reward, value,
            Money.ToMajor(c.MinAmount, currency), List(c.Skus), List(c.Categories), c.FirstPurchaseOnly, c.SegmentId is not null, c.StartsAt, c.EndsAt);
    }
}
