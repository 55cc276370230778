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
/// The partner's customers, filtered, sorted and paged in the database. Built for a partner with hundreds of thousands of
/// customers in a coalition of a million members (0096): the total of an unfiltered grid comes from the profile index,
/// the page's ids come first from a narrow ordered query (an index walk with primary-key probes for a big partner, the
/// materialised set for a small one or a selective filter), and only then are the page's 25 rows read in full. Tags of
/// the page come in one more query by the page's ids.
/// </summary>
public sealed class ListPartnerCustomers(ILoyaltyDbFactory dbs, TimeProvider clock) : IUseCase
{
    public const int MaxPageSize = 100;

    /// <summary>
    /// Up to this many matches the ids are sorted outright; above it an index walk in the grid's order pays. Tests set it
    /// to 0 to prove both plans return the same pages.
    /// </summary>
    internal int WalkThreshold { get; init; } = 5_000;

    /// <summary>Rules start from the profile range they imply (0130); tests switch it off to prove the same rows come back.</summary>
    internal bool UseProfileDriver { get; init; } = true;

    /// <summary>The widest indexed range a rules filter reads through its index on SQLite (0280); tests set 0 to walk instead.</summary>
    internal int NarrowIndexRange { get; init; } = PartnerCustomerSql.NarrowIndexRange;

    /// <summary>Rules filters count and page in one pass (0130); tests switch it off to compare with count-then-page.</summary>
    internal bool OnePassRules { get; init; } = true;

    public async Task<Page> HandleAsync(PartnerStaff staff, PartnerCustomerQuery query, CancellationToken ct = default)
    {
        staff.Require(CabinetArea.Marketing);
        await using var db = dbs.Create();
        var region = await PartnerRegionAsync(db, staff.PartnerId, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var filter = query.Filter;
        var selective = PartnerCustomerSql.IsSelective(filter);
        var isSqlite = db.Database.ProviderName?.Contains("Sqlite", StringComparison.Ordinal) == true;
        var size = Math.Clamp(query.PageSize, 1, MaxPageSize);
        var skip = Math.Max(query.Page, 0) * size;

        if (filter.Rules is not null && !selective && OnePassRules)
        {
            // A rules filter reads every match to count them and again to sort them; one pass does both (0130).
            var byIndex = await PartnerCustomerSql.DriverByIndexAsync(db, staff.PartnerId, filter.Rules, now, NarrowIndexRange, ct);
            var sql = PartnerCustomerSql.RulesPage(PartnerCustomerSql.FromWhere(staff.PartnerId, filter, region, now, useProfileDriver: UseProfileDriver, driverByIndex: byIndex),
                staff.PartnerId, query.SortBy, query.Descending, skip, size, isSqlite);
            var found = await db.Database.SqlQuery<PartnerCustomerSql.IdAndTotal>(sql.Build()).ToListAsync(ct);
            var matched = found.Count > 0 ? found[0].Total
                : skip == 0 ? 0 : await Customers(db, staff.PartnerId, filter, region, now, useProfileDriver: UseProfileDriver, driverByIndex: byIndex).CountAsync(ct);
            return await RowsAsync(db, staff.PartnerId, found.Select(f => f.Id).ToList(), matched, ct);
        }

        var total = PartnerCustomerSql.IsEmpty(filter)
            ? (await db.Database.SqlQuery<int>(PartnerCustomerSql.CountAll(staff.PartnerId, now).Build()).ToListAsync(ct)).Single()
            : await Customers(db, staff.PartnerId, filter, region, now, selective ? PartnerCustomerSql.Membership.Probe : PartnerCustomerSql.Membership.DriveFromMembers, UseProfileDriver).CountAsync(ct);
        if (total == 0 || skip >= total) return new Page([], total);

        var bySpendOrVisit = query.SortBy is "Spend" or "LastPurchaseAt";
        List<Guid> ids;
        if (bySpendOrVisit && !selective && filter.Rules is null && total > WalkThreshold)
            // Ranking a big partner's customers by spend or last visit reads only its profiles, not every member row.
            ids = await db.Database.SqlQuery<Guid>(PartnerCustomerSql.RankByProfile(staff.PartnerId, now, query.SortBy == "Spend", query.Descending, skip, size,
                    isSqlite).Build())
                .ToListAsync(ct);
        else
        {
            // No filter on a big partner: walk the members in the grid's order and probe each; otherwise build the set.
            var membership = selective || (filter.Rules is null && total > WalkThreshold && !bySpendOrVisit)
                ? PartnerCustomerSql.Membership.Probe : PartnerCustomerSql.Membership.DriveFromMembers;
            var keys = from c in Customers(db, staff.PartnerId, filter, region, now, membership, UseProfileDriver)
                       join p in db.CustomerProfiles.Where(p => p.PartnerId == staff.PartnerId) on c.Id equals p.CustomerId into profiles
                       from p in profiles.DefaultIfEmpty()
                       select new { c.Id, c.FirstName, c.RegisteredAt, LastPurchaseAt = p == null ? null : p.LastPurchaseAt, Spend = p == null ? 0 : p.SpendTotal };
            keys = (query.SortBy, query.Descending) switch
            {
                ("Name", false) => keys.OrderBy(r => r.FirstName).ThenBy(r => r.Id),
                ("Name", true) => keys.OrderByDescending(r => r.FirstName).ThenByDescending(r => r.Id),
                ("RegisteredAt", false) => keys.OrderBy(r => r.RegisteredAt).ThenBy(r => r.Id),
                ("LastPurchaseAt", false) => keys.OrderBy(r => r.LastPurchaseAt).ThenBy(r => r.Id),
                ("LastPurchaseAt", true) => keys.OrderByDescending(r => r.LastPurchaseAt).ThenByDescending(r => r.Id),
                ("Spend", false) => keys.OrderBy(r => r.Spend).ThenBy(r => r.Id),
                ("Spend", true) => keys.OrderByDescending(r => r.Spend).ThenByDescending(r => r.Id),
                _ => keys.OrderByDescending(r => r.RegisteredAt).ThenByDescending(r => r.Id),
            };
            ids = await keys.Skip(skip).Take(size).Select(r => r.Id).ToListAsync(ct);
        }

        return await RowsAsync(db, staff.PartnerId, ids, total, ct);
    }

    /// <summary>The page's rows in full, in the order of <paramref name="ids"/>.</summary>
    private static async Task<Page> RowsAsync(ILoyaltyDb db, Guid partnerId, List<Guid> ids, int total, CancellationToken ct)
    {
        var rows = (await Project(db, db.Customers.AsNoTracking().Where(c => ids.Contains(c.Id)), partnerId).ToListAsync(ct)).ToDictionary(r => r.Id);
        var tags = await TagsAsync(db, partnerId, ids, ct);
        return new Page(ids.Where(rows.ContainsKey).Select(id => rows[id].ToRow(tags)).ToList(), total);
    }

    internal static IQueryable<Customer> Customers(ILoyaltyDb db, Guid partnerId, CustomerFilter filter, string region, DateTime now,
        PartnerCustomerSql.Membership membership = PartnerCustomerSql.Membership.DriveFromMembers, bool useProfileDriver = true, bool driverByIndex = true) =>
        db.Customers.FromSql(new SqlBuilder().Append("SELECT c.* ").Append(PartnerCustomerSql.FromWhere(partnerId, filter, region, now, membership, useProfileDriver, driverByIndex))
            .Build()).AsNoTracking();

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
