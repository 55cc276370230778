using Loyalty.Core.Common;
using Loyalty.Core.Customers;
using Loyalty.Core.Messaging;
using Loyalty.Core.Segments;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.PartnerCrm;

/// <summary>
/// The SQL behind the cabinet's customers grid and its export: the partner's customers narrowed by a
/// <see cref="CustomerFilter"/>. A partner's customers are those with a profile at the partner (everyone who ever bought
/// there, rebuilt nightly by the RFM job), those who bought there since the last rebuild, and its subscribers.
/// Two spellings of that set (0081, measured in 0096): <see cref="Membership.DriveFromMembers"/> materialises the set
/// (<c>c."Id" IN (… UNION …)</c>) and is right when the partner's set is what narrows the rows (no filter, a small partner,
/// rules); <see cref="Membership.Probe"/> tests each candidate row with primary-key probes, so a selective filter (phone,
/// name, tag, group) or an index walk in the grid's order drives the query and a 300,000-customer set is never built.
/// A rules filter without such a search starts from the partner's profile rows instead (<see cref="RulesFromProfiles"/>).
/// </summary>
internal static class PartnerCustomerSql
{
    /// <summary>Purchases newer than this are read straight from the receipts; older ones are in the nightly profiles.</summary>
    public static readonly TimeSpan ProfileLag = TimeSpan.FromDays(2);

    public enum Membership { DriveFromMembers, Probe }

    /// <summary>True when the filter names something an index finds directly (a phone, a card, a name, a tag, a group).</summary>
    public static bool IsSelective(CustomerFilter filter) =>
        !string.IsNullOrWhiteSpace(filter.Search) || !string.IsNullOrWhiteSpace(filter.Tag) || filter.GroupId is not null;

    public static bool IsEmpty(CustomerFilter filter) => !IsSelective(filter) && filter.Rules is null;

    /// <param name="driverByIndex">Whether a rules filter's implied range of an indexed profile column is read through that
    /// index (<see cref="DriverByIndexAsync"/>) or as a filter of the walk in key order.</param>
    public static SqlBuilder FromWhere(Guid partnerId, CustomerFilter filter, string defaultRegion, DateTime now, Membership membership = Membership.DriveFromMembers,
        bool useProfileDriver = true, bool driverByIndex = true)
    {
        if (filter.Rules is { } checkedRules) SegmentSql.Validate(checkedRules);
        if (useProfileDriver && filter.Rules is { } driving && !IsSelective(filter)) return RulesFromProfiles(partnerId, driving, now, driverByIndex);
        var sql = new SqlBuilder();
        if (membership == Membership.DriveFromMembers)
            sql.Append("FROM \"Customers\" c WHERE c.\"Id\" IN (SELECT cp.\"CustomerId\" FROM \"CustomerProfiles\" cp WHERE cp.\"PartnerId\" = ").Param(partnerId)
                .Append(" UNION ").Append(RecentBuyersAndSubscribers(partnerId, now)).Append(")");
        else
            // The recent buyers are a small list built once; the profile and the subscription are primary-key probes.
            sql.Append("FROM \"Customers\" c WHERE (EXISTS (SELECT 1 FROM \"CustomerProfiles\" cp WHERE cp.\"PartnerId\" = ").Param(partnerId).Append(" AND cp.\"CustomerId\" = c.\"Id\")")
                .Append(" OR c.\"Id\" IN (SELECT pp.\"CustomerId\" FROM \"Purchases\" pp WHERE pp.\"PartnerId\" = ").Param(partnerId)
                .Append(" AND pp.\"OccurredAt\" >= ").Param(now - ProfileLag).Append(")")
                .Append(" OR EXISTS (SELECT 1 FROM \"PartnerSubscriptions\" ps WHERE ps.\"CustomerId\" = c.\"Id\" AND ps.\"PartnerId\" = ").Param(partnerId).Append("))");

        var search = filter.Search?.Trim();
        if (!string.IsNullOrEmpty(search))
        {
            if (PhoneNumber.TryParse(search, defaultRegion, out var phone))
                sql.Append(" AND c.\"Phone\" = ").Param(phone!.Value);
            else if (CardNumber.IsValid(search))
                sql.Append(" AND c.\"Id\" IN (SELECT k.\"CustomerId\" FROM \"Cards\" k WHERE k.\"Number\" = ").Param(CardNumber.Normalize(search)).Append(")");
            else if (search.All(ch => char.IsDigit(ch) || ch is '+' or ' ' or '-'))
            {
                // Part of a phone: the end of the number, as people read it out ("…4567"). The database keeps the number
                // reversed in an indexed computed column, so the ending is a prefix range there (a LIKE '%4567' read every
                // phone, 0130).
                var ending = new string(search.Where(char.IsDigit).Reverse().ToArray());
                if (ending.Length > 0)
                {
                    sql.Append(" AND c.\"PhoneReversed\" >= ").Param(ending);
                    if (NextDigits(ending) is { } high) sql.Append(" AND c.\"PhoneReversed\" < ").Param(high);
                }
            }
            else
            {
                // Name prefix as index ranges, as typed and capitalised: SQLite's LIKE cannot use a BINARY index (a LIKE
                // here read all million names, 0096); SQL Server seeks the same ranges under its case-insensitive collation.
                sql.Append(" AND (");
                var variants = new[] { search, char.ToUpperInvariant(search[0]) + search[1..] }.Distinct().ToList();
                var first = true;
                foreach (var column in new[] { "FirstName", "LastName" })
                    foreach (var variant in variants)
                    {
                        var (low, high) = PrefixRange(variant);
                        sql.Append(first ? "" : " OR ").Append($"(c.\"{column}\" >= ").Param(low).Append($" AND c.\"{column}\" < ").Param(high).Append(")");
                        first = false;
                    }
                sql.Append(")");
            }
        }
        // Tags and groups as lists: the tagged few drive the query instead of a probe per member.
        if (!string.IsNullOrWhiteSpace(filter.Tag))
            sql.Append(" AND c.\"Id\" IN (SELECT t.\"CustomerId\" FROM \"CustomerTags\" t WHERE t.\"PartnerId\" = ").Param(partnerId)
                .Append(" AND t.\"Tag\" = ").Param(CustomerTag.Normalize(filter.Tag)).Append(")");
        if (filter.GroupId is { } group)
            // The group must be this partner's: a foreign group id simply matches nobody.
            sql.Append(" AND c.\"Id\" IN (SELECT sm.\"CustomerId\" FROM \"SegmentMembers\" sm INNER JOIN \"Segments\" s ON s.\"Id\" = sm.\"SegmentId\" WHERE sm.\"SegmentId\" = ").Param(group)
                .Append(" AND s.\"OwnerPartnerId\" = ").Param(partnerId).Append(")");
        if (filter.Rules is { } rules) SegmentSql.AppendPredicate(sql, rules, partnerId, now);
        return sql;
    }

    /// <summary>
    /// Rules over the partner's customers, read from its profile rows in key order (0130, 0190): the rows were copied into
    /// the file in that order, so the walk reads neighbouring pages; narrowed further by the range a rule implies (<see cref="SegmentSql.ProfileDriver"/>), and the
    /// profile rules read the driving row instead of looking it up again. <c>CROSS JOIN</c> is SQLite's way to fix the join
    /// order (without statistics it started from a quarter of a million members of one city); on SQL Server it is a plain
    /// join. Members of the partner without a profile there yet (subscribers who never bought, buyers the minute job has
    /// not reached) are added by a second, small arm in which every profile column reads as null.
    /// </summary>
    private static SqlBuilder RulesFromProfiles(Guid partnerId, SegmentRules rules, DateTime now, bool driverByIndex)
    {
        var driver = SegmentSql.ProfileDriver(rules, partnerId, now, driverByIndex);
        // The lowest possible id keeps SQLite on the primary key, in key order: members are then looked up in id order,
        // neighbour after neighbour, not at random through a narrower index that also holds the ids (three times the CPU).
        var sql = new SqlBuilder().Append("FROM (SELECT c.* FROM \"CustomerProfiles\" d CROSS JOIN \"Customers\" c WHERE d.\"PartnerId\" = ").Param(partnerId)
            .Append(" AND d.\"CustomerId\" >= ").Param(Guid.Empty);
        if (driver is not null) sql.Append(" AND ").Append(driver);
        sql.Append(" AND c.\"Id\" = d.\"CustomerId\"");
        if (!SegmentSql.DriverIsTheRule(rules, partnerId)) SegmentSql.AppendPredicate(sql, rules, partnerId, now, "d");
        // The small arm starts from its list: left to choose, SQLite walked a quarter of a million members of the city a
        // "city" rule names and probed each against the list (0.12–0.22 s, 0280).
        sql.Append(" UNION ALL SELECT c.* FROM (").Append(RecentBuyersAndSubscribers(partnerId, now)).Append(") x CROSS JOIN \"Customers\" c LEFT JOIN \"CustomerProfiles\" d ON d.\"PartnerId\" = ").Param(partnerId)
            .Append(" AND d.\"CustomerId\" = c.\"Id\" WHERE c.\"Id\" = x.\"CustomerId\" AND d.\"CustomerId\" IS NULL");
        SegmentSql.AppendPredicate(sql, rules, partnerId, now, "d");
        return sql.Append(") c");
    }

    /// <summary>Above this many rows, an indexed range is read as a filter of the walk in key order instead (0280).</summary>
    public const int NarrowIndexRange = 10_000;

    /// <summary>
    /// Whether a rules filter should read its implied range through the column's index: on SQL Server always (its
    /// statistics choose); on SQLite only when the range holds at most <paramref name="narrow"/> rows of the partner
    /// (<see cref="NarrowIndexRange"/>), counted from the index alone and no further. A range is walked in the column's order, so each of its
    /// rows is fetched from another place in the table; on the 391,000-customer partner "last purchase within 30 days"
    /// (25,000 rows) cost 126 ms that way and 110 ms walking every profile in key order, and "average ticket in 12 months
    /// ≥ 5,000" (a range of 250,000) 0.62 s against ~0.2 s.
    /// </summary>
    public static async Task<bool> DriverByIndexAsync(ILoyaltyDb db, Guid partnerId, SegmentRules rules, DateTime now, int narrow, CancellationToken ct)
    {
        SegmentSql.Validate(rules); // before the driver reads the values: bad input is a validation error, not a parse failure
        if (!db.IsSqlite() || SegmentSql.IndexRangeDriver(rules, partnerId, now) is not { } range) return true;
        var count = new SqlBuilder().Append("SELECT COUNT(*) AS \"Value\" FROM (SELECT 1 FROM \"CustomerProfiles\" d WHERE d.\"PartnerId\" = ").Param(partnerId)
            .Append(" AND ").Append(range).Append(" LIMIT ").Param(narrow + 1).Append(") x");
        return (await db.Database.SqlQuery<int>(count.Build()).ToListAsync(ct)).Single() <= narrow;
    }

    /// <summary>The partner's customers that may have no profile row there: its recent buyers and its subscribers.</summary>
    private static SqlBuilder RecentBuyersAndSubscribers(Guid partnerId, DateTime now) => new SqlBuilder()
        .Append("SELECT pp.\"CustomerId\" FROM \"Purchases\" pp WHERE pp.\"PartnerId\" = ").Param(partnerId).Append(" AND pp.\"OccurredAt\" >= ").Param(now - ProfileLag)
        .Append(" UNION SELECT ps.\"CustomerId\" FROM \"PartnerSubscriptions\" ps WHERE ps.\"PartnerId\" = ").Param(partnerId);

    public sealed class IdAndTotal
    {
        public Guid Id { get; init; }
        public int Total { get; init; }
    }

    /// <summary>
    /// One page of a filter's ids with the number of all matches beside each (<c>COUNT(*) OVER ()</c>), in the grid's
    /// orders (the same keys and tie-breaks as the count-then-page plan): a rules filter evaluates every candidate once
    /// instead of twice. The profile is joined only when the order needs it.
    /// </summary>
    public static SqlBuilder RulesPage(SqlBuilder fromWhere, Guid partnerId, string? sortBy, bool descending, int skip, int take, bool isSqlite)
    {
        var direction = descending ? "DESC" : "ASC";
        var (key, needsProfile) = sortBy switch
        {
            "Name" => ("m.\"FirstName\"", false),
            "RegisteredAt" => ("m.\"RegisteredAt\"", false),
            "LastPurchaseAt" => ("p.\"LastPurchaseAt\"", true),
            "Spend" => ("COALESCE(p.\"SpendTotal\", 0)", true),
            _ => ("m.\"RegisteredAt\"", false),
        };
        if (sortBy is not ("Name" or "RegisteredAt" or "LastPurchaseAt" or "Spend")) direction = "DESC";
        var sql = new SqlBuilder().Append("SELECT m.\"Id\" AS \"Id\", COUNT(*) OVER () AS \"Total\" FROM (SELECT c.\"Id\", c.\"FirstName\", c.\"RegisteredAt\" ")
            .Append(fromWhere).Append(") m");
        if (needsProfile)
            sql.Append(" LEFT JOIN \"CustomerProfiles\" p ON p.\"PartnerId\" = ").Param(partnerId).Append(" AND p.\"CustomerId\" = m.\"Id\"");
        sql.Append($" ORDER BY {key} {direction}, m.\"Id\" {direction}");
        return isSqlite
            ? sql.Append(" LIMIT ").Param(take).Append(" OFFSET ").Param(skip)
            : sql.Append(" OFFSET ").Param(skip).Append(" ROWS FETCH NEXT ").Param(take).Append(" ROWS ONLY");
    }

    /// <summary>
    /// The number of the partner's customers without a filter, from the profile index plus the few not yet in a profile:
    /// counting the materialised set meant building it (0096).
    /// </summary>
    public static SqlBuilder CountAll(Guid partnerId, DateTime now)
    {
        var notProfiled = new Func<string, SqlBuilder>(id => new SqlBuilder()
            .Append($"NOT EXISTS (SELECT 1 FROM \"CustomerProfiles\" cp WHERE cp.\"PartnerId\" = ").Param(partnerId).Append($" AND cp.\"CustomerId\" = {id})"));
        var recent = new SqlBuilder().Append("SELECT pp.\"CustomerId\" FROM \"Purchases\" pp WHERE pp.\"PartnerId\" = ").Param(partnerId)
            .Append(" AND pp.\"OccurredAt\" >= ").Param(now - ProfileLag);
        return new SqlBuilder()
            .Append("SELECT (SELECT COUNT(*) FROM \"CustomerProfiles\" WHERE \"PartnerId\" = ").Param(partnerId).Append(")")
            .Append(" + (SELECT COUNT(*) FROM (SELECT DISTINCT r.\"CustomerId\" FROM (").Append(recent).Append(") r WHERE ").Append(notProfiled("r.\"CustomerId\"")).Append(") x)")
            .Append(" + (SELECT COUNT(*) FROM \"PartnerSubscriptions\" ps WHERE ps.\"PartnerId\" = ").Param(partnerId)
            .Append(" AND ").Append(notProfiled("ps.\"CustomerId\"")).Append(" AND ps.\"CustomerId\" NOT IN (").Append(recent).Append(")) AS \"Value\"");
    }

    /// <summary>
    /// One page of ids of all the partner's customers ranked by the profile's spend or last purchase; members without a
    /// profile yet (bought in the last two days, or only subscribed) rank as spending nothing and never seen.
    /// </summary>
    public static SqlBuilder RankByProfile(Guid partnerId, DateTime now, bool bySpend, bool descending, int skip, int take, bool isSqlite)
    {
        var key = bySpend ? "cp.\"SpendTotal\"" : "cp.\"LastPurchaseAt\"";
        var none = bySpend ? "0" : "NULL";
        var direction = descending ? "DESC" : "ASC";
        // Only the first skip + take profiles in the grid's order can be on the page (the profile index walks them), plus
        // the few members not profiled yet: ranking all 300,000 profiles to keep 25 cost 0.8 s of CPU (0130).
        var top = isSqlite ? new SqlBuilder().Append("SELECT") : new SqlBuilder().Append("SELECT TOP (").Param(skip + take).Append(")");
        top.Append($" cp.\"CustomerId\" AS \"Id\", {key} AS \"Rank\" FROM \"CustomerProfiles\" cp WHERE cp.\"PartnerId\" = ").Param(partnerId)
            .Append($" ORDER BY {key} {direction}, cp.\"CustomerId\" {direction}");
        if (isSqlite) top.Append(" LIMIT ").Param(skip + take);
        return new SqlBuilder()
            .Append("SELECT r.\"Id\" AS \"Value\" FROM (SELECT t.\"Id\", t.\"Rank\" FROM (").Append(top).Append(") t")
            .Append($" UNION ALL SELECT x.\"CustomerId\", {none} FROM (SELECT pp.\"CustomerId\" FROM \"Purchases\" pp WHERE pp.\"PartnerId\" = ").Param(partnerId)
            .Append(" AND pp.\"OccurredAt\" >= ").Param(now - ProfileLag)
            .Append(" UNION SELECT ps.\"CustomerId\" FROM \"PartnerSubscriptions\" ps WHERE ps.\"PartnerId\" = ").Param(partnerId)
            .Append(") x WHERE NOT EXISTS (SELECT 1 FROM \"CustomerProfiles\" cp WHERE cp.\"PartnerId\" = ").Param(partnerId).Append(" AND cp.\"CustomerId\" = x.\"CustomerId\")")
            .Append($") r ORDER BY r.\"Rank\" {direction}, r.\"Id\" {direction}")
            .Append(isSqlite ? " LIMIT " : " OFFSET ").Param(isSqlite ? take : skip).Append(isSqlite ? " OFFSET " : " ROWS FETCH NEXT ").Param(isSqlite ? skip : take)
            .Append(isSqlite ? "" : " ROWS ONLY");
    }

    /// <summary>
    /// The smallest digit string above every string starting with <paramref name="digits"/> ("7659" → "766"); null for all
    /// nines. Digits only, so the bound orders the same under SQLite's BINARY and SQL Server's collations (':' does not).
    /// </summary>
    internal static string? NextDigits(string digits)
    {
        var trimmed = digits.TrimEnd('9');
        return trimmed.Length == 0 ? null : trimmed[..^1] + (char)(trimmed[^1] + 1);
    }

    private static (string Low, string High) PrefixRange(string prefix) => (prefix, prefix[..^1] + (char)(prefix[^1] + 1));
}
