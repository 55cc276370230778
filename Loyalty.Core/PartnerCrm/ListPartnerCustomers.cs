using Loyalty.Core.Common;
using Loyalty.Core.Customers;
using Page = Loyalty.Core.Customers.Page<Loyalty.Core.PartnerCrm.PartnerCustomerRow>;
using SqlBuilder = Loyalty.Core.Messaging.SqlBuilder;
using Loyalty.Core.Points;
using Loyalty.Core.Segments;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.PartnerCrm;

/// <summary>One row of the partner's customers grid. The phone is masked: the full number is on the card, by consent.</summary>
public sealed record PartnerCustomerRow(
    Guid Id, string Name, string MaskedPhone, string? City, string? Tier, DateTime RegisteredAt,
    DateTime? LastPurchaseAt, int Purchases, long Spend, RfmSegment? Segment, long Balance, IReadOnlyList<string> Tags);

public sealed record PartnerCustomerQuery(CustomerFilter Filter, int Page, int PageSize, string? SortBy = null, bool Descending = true);

/// <summary>
/// The partner's customers, filtered, sorted and paged in the database. Only the page's rows are read; tags of the page
/// come in one more query by the page's ids.
/// </summary>
public sealed class ListPartnerCustomers(ILoyaltyDbFactory dbs, TimeProvider clock) : IUseCase
{
    public const int MaxPageSize = 100;

    public async Task<Page> HandleAsync(PartnerStaff staff, PartnerCustomerQuery query, CancellationToken ct = default)
    {
        staff.Require(CabinetArea.Marketing);
        await using var db = dbs.Create();
        var region = await PartnerRegionAsync(db, staff.PartnerId, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var customers = Customers(db, staff.PartnerId, query.Filter, region, now);

        var total = await customers.CountAsync(ct);
        var size = Math.Clamp(query.PageSize, 1, MaxPageSize);
        var rows = Project(db, customers, staff.PartnerId);
        rows = (query.SortBy, query.Descending) switch
        {
            ("Name", false) => rows.OrderBy(r => r.FirstName).ThenBy(r => r.Id),
            ("Name", true) => rows.OrderByDescending(r => r.FirstName).ThenByDescending(r => r.Id),
            ("RegisteredAt", false) => rows.OrderBy(r => r.RegisteredAt).ThenBy(r => r.Id),
            ("LastPurchaseAt", false) => rows.OrderBy(r => r.LastPurchaseAt).ThenBy(r => r.Id),
            ("LastPurchaseAt", true) => rows.OrderByDescending(r => r.LastPurchaseAt).ThenByDescending(r => r.Id),
            ("Spend", false) => rows.OrderBy(r => r.Spend).ThenBy(r => r.Id),
            ("Spend", true) => rows.OrderByDescending(r => r.Spend).ThenByDescending(r => r.Id),
            _ => rows.OrderByDescending(r => r.RegisteredAt).ThenByDescending(r => r.Id),
        };
        var page = await rows.Skip(Math.Max(query.Page, 0) * size).Take(size).ToListAsync(ct);
        var tags = await TagsAsync(db, staff.PartnerId, page.Select(r => r.Id).ToList(), ct);
        return new Page(page.Select(r => r.ToRow(tags)).ToList(), total);
    }

    internal static IQueryable<Customer> Customers(ILoyaltyDb db, Guid partnerId, CustomerFilter filter, string region, DateTime now) =>
        db.Customers.FromSql(new SqlBuilder().Append("SELECT c.* ").Append(PartnerCustomerSql.FromWhere(partnerId, filter, region, now)).Build()).AsNoTracking();

    internal static async Task<string> PartnerRegionAsync(ILoyaltyDb db, Guid partnerId, CancellationToken ct) =>
        await db.Partners.Where(p => p.Id == partnerId).Select(p => p.Country).FirstOrDefaultAsync(ct)
        ?? throw DomainException.NotFound("partner-not-found", "This partner does not exist.");

    internal static IQueryable<RawRow> Project(ILoyaltyDb db, IQueryable<Customer> customers, Guid partnerId) =>
        from c in customers
        join p in db.CustomerProfiles.Where(p => p.PartnerId == partnerId) on c.Id equals p.CustomerId into profiles
        from p in profiles.DefaultIfEmpty()
        select new RawRow
        {
            Id = c.Id, FirstName = c.FirstName, LastName = c.LastName, Phone = c.Phone, City = c.City, RegisteredAt = c.RegisteredAt,
            Tier = db.Tiers.Where(t => t.Id == c.TierId).Select(t => t.Name).FirstOrDefault(),
            LastPurchaseAt = p == null ? null : p.LastPurchaseAt,
            Purchases = p == null ? 0 : p.PurchasesTotal,
            Spend = p == null ? 0 : p.SpendTotal,
            Segment = p == null ? null : p.Segment,
            Balance = db.LedgerAccounts.Where(a => a.CustomerId == c.Id && a.Kind == AccountKind.CustomerMain).Select(a => a.Balance).FirstOrDefault(),
        };

    internal static async Task<Dictionary<Guid, List<string>>> TagsAsync(ILoyaltyDb db, Guid partnerId, List<Guid> ids, CancellationToken ct) =>
        (await db.CustomerTags.AsNoTracking().Where(t => t.PartnerId == partnerId && ids.Contains(t.CustomerId)).Select(t => new { t.CustomerId, t.Tag }).ToListAsync(ct))
        .GroupBy(t => t.CustomerId).ToDictionary(g => g.Key, g => g.Select(t => t.Tag).Order().ToList());

    /// <summary>"+77010000001" → "+7701•••••01": enough to tell members apart on a call, not enough to harvest numbers.</summary>
    public static string MaskPhone(string phone) =>
        phone.Length <= 7 ? new string('•', phone.Length) : phone[..5] + new string('•', phone.Length - 7) + phone[^2..];

    internal sealed class RawRow
    {
        public Guid Id { get; init; }
        public string FirstName { get; init; } = "";
        public string? LastName { get; init; }
        public string Phone { get; init; } = "";
        public string? City { get; init; }
        public string? Tier { get; init; }
        public DateTime RegisteredAt { get; init; }
        public DateTime? LastPurchaseAt { get; init; }
        public int Purchases { get; init; }
        public long Spend { get; init; }
        public RfmSegment? Segment { get; init; }
        public long Balance { get; init; }

        public PartnerCustomerRow ToRow(Dictionary<Guid, List<string>> tags) => new(
            Id, string.IsNullOrWhiteSpace(LastName) ? FirstName : $"{FirstName} {LastName}", MaskPhone(Phone), City, Tier, RegisteredAt,
            LastPurchaseAt, Purchases, Spend, Segment, Balance, tags.TryGetValue(Id, out var t) ? t : []);
    }
}
