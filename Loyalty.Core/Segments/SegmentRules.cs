using System.Text.Json;
using System.Text.Json.Serialization;
using Loyalty.Core.Common;
using Loyalty.Core.Customers;
using Loyalty.Core.Messaging;

namespace Loyalty.Core.Segments;

/// <summary>What a rule looks at. Stored by name in JSON, so members may be added freely.</summary>
public enum SegmentField
{
    // Purchase behaviour, from the member's profile in the owner's scope.
    Spend30, Spend90, Spend365, SpendTotal,
    Purchases30, Purchases90, Purchases365, PurchasesTotal,
    AverageTicket,
    DaysSinceLastPurchase,
    FavouriteCategory,
    RfmSegment,
    // Straight from the purchases, within a number of days.
    BoughtCategory, BoughtSku, VisitedStore,
    // Socio-demographics and membership.
    Age, Gender, City, Language, Tier, DaysSinceRegistration, EmailConsent, SmsConsent, Referred, HasReferredFriends,
    // Appended (rules are stored with enum names): average ticket in a window, brand subscription, the owner's tags (0068).
    AverageTicket30, AverageTicket90, AverageTicket365, SubscribedToBrand, Tag,
}

public enum RuleOperator
{
    AtLeast,
    AtMost,
    Equals,
    NotEquals,
}

public enum RuleCombine
{
    All,
    Any,
}

/// <summary>
/// One condition. <see cref="Value"/> is text as typed (a number in major units for money, a name, a segment, a Guid for a
/// tier or store); <see cref="WithinDays"/> bounds the purchase-history rules (bought a category in the last N days).
/// </summary>
public sealed record SegmentCondition(SegmentField Field, RuleOperator Operator, string? Value, int? WithinDays = null);

/// <summary>Conditions and nested groups combined with AND (All) or OR (Any). An empty group matches everyone.</summary>
public sealed record SegmentRules(RuleCombine Combine, IReadOnlyList<SegmentCondition> Conditions, IReadOnlyList<SegmentRules>? Groups = null)
{
    public const int MaxConditions = 50;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static SegmentRules Everyone { get; } = new(RuleCombine.All, []);

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static SegmentRules FromJson(string json)
    {
        if (string.IsNullOrWhiteSpace(json) || json.Trim() == "{}") return Everyone;
        return JsonSerializer.Deserialize<SegmentRules>(json, Json) ?? Everyone;
    }

    public int Count => Conditions.Count + (Groups?.Sum(g => g.Count) ?? 0);
}

/// <summary>
/// Turns rules into a SQL predicate over <c>"Customers" c</c>, for the live estimate and for refreshing membership with one
/// INSERT … SELECT. Profile rules read the member's <see cref="CustomerProfile"/> in the owner's scope (the partner's own
/// figures for a partner, the coalition's for the operator); purchase-history rules read the owner's purchases only. Values
/// only ever enter as parameters. Pure apart from the SQL text: unit-tested without a database.
/// </summary>
public static class SegmentSql
{
    public static void Validate(SegmentRules rules)
    {
        if (rules.Count > SegmentRules.MaxConditions) throw ValidationException.For("rules", $"A segment has at most {SegmentRules.MaxConditions} conditions.");
        var i = 0;
        foreach (var condition in All(rules))
        {
            var field = $"rules[{i++}]";
            _ = Translate(new SqlBuilder(), condition, Guid.Empty, DateTime.UtcNow, field);
        }
    }

    private static IEnumerable<SegmentCondition> All(SegmentRules rules) =>
        rules.Conditions.Concat(rules.Groups?.SelectMany(All) ?? []);

    /// <summary>Appends " AND (…)" for the rules; nothing for an empty rule set.</summary>
    /// <param name="profileAlias">
    /// An alias under which the query already joins each member's profile row in the owner's scope (the driving range of
    /// <see cref="ProfileDriver"/>): profile rules then read that row instead of looking it up again for every member.
    /// </param>
    public static SqlBuilder AppendPredicate(SqlBuilder sql, SegmentRules rules, Guid? ownerPartnerId, DateTime now, string? profileAlias = null)
    {
        var predicate = Predicate(rules, ownerPartnerId ?? CustomerProfile.Coalition, now, profileAlias);
        return predicate is null ? sql : sql.Append(" AND ").Append(predicate);
    }

    /// <summary>
    /// A condition on the scope's profile row (alias <c>d</c> of "CustomerProfiles") that every member matching the rules
    /// meets, or null when the rules imply none: "spent at least 20,000 in 12 months AND …" implies a profile with
    /// <c>Spend365 ≥ 20,000</c>; "bought Drinks here in 90 days" implies a member among that window's buyers of Drinks. A
    /// filter may then start from that profile range or that list instead of every customer (0130, 0190); the rules
    /// themselves are still applied in full, so the driver only has to be implied, never exact. Only conditions ANDed at
    /// the top level (or the single condition of an OR) qualify; an indexed profile column is preferred, then any profile
    /// column (one stretch of the partner's rows), then a list from the receipts. Call after <see cref="Validate"/>.
    /// </summary>
    /// <param name="byIndex">
    /// False reads an indexed column's range as a plain filter of the walk (<c>+d."Column"</c>: SQLite then keeps to the
    /// primary key). Walked through its own index, a broad range fetches every row out of key order (0280).
    /// </param>
    public static SqlBuilder? ProfileDriver(SegmentRules rules, Guid scope, DateTime now, bool byIndex = true) =>
        BestDriver(rules, scope, now, byIndex)?.Sql;

    /// <summary>
    /// True when the rules are one purchase-history condition at the partner ("bought Drinks here in 90 days"): its driver,
    /// the window's buyers, is then the whole rule, and testing each of them again against their own receipts only repeats
    /// it (8,500 members' histories, 0.17 s on the 391,000-customer partner; 0280).
    /// </summary>
    public static bool DriverIsTheRule(SegmentRules rules, Guid scope) =>
        rules is { Count: 1, Conditions: [{ Field: SegmentField.BoughtCategory or SegmentField.BoughtSku or SegmentField.VisitedStore, Operator: RuleOperator.Equals }] }
        && scope != CustomerProfile.Coalition;

    /// <summary>The driver's condition when it is a range of an indexed profile column (rank 0), else null.</summary>
    public static SqlBuilder? IndexRangeDriver(SegmentRules rules, Guid scope, DateTime now) =>
        BestDriver(rules, scope, now, byIndex: true) is { Rank: 0 } driver ? driver.Sql : null;

    private static (int Rank, SqlBuilder Sql)? BestDriver(SegmentRules rules, Guid scope, DateTime now, bool byIndex)
    {
        if (rules.Combine == RuleCombine.Any && rules.Count != 1) return null;
        var candidates = new List<(int Rank, SqlBuilder Sql)>();
        foreach (var c in rules.Conditions)
            if (Implied(c, scope, now, byIndex) is { } driver) candidates.Add(driver);
        return candidates.Count == 0 ? null : candidates.MinBy(d => d.Rank);
    }

    /// <summary>Columns the profile table has a (PartnerId, column…) index on: a range there is read without a scan.</summary>
    private static readonly HashSet<string> IndexedProfileColumns = ["Spend365", "SpendTotal", "PurchasesTotal", "LastPurchaseAt", "Segment"];

    private static (int Rank, SqlBuilder Sql)? Implied(SegmentCondition c, Guid scope, DateTime now, bool byIndex)
    {
        string column;
        object value;
        var op = ">=";
        switch (c.Field)
        {
            // COALESCE(column, 0) ≥ v (or = v) with v > 0 can only hold on an existing profile row.
            case SegmentField.Spend30 or SegmentField.Spend90 or SegmentField.Spend365 or SegmentField.SpendTotal or SegmentField.AverageTicket
                when c.Operator is RuleOperator.AtLeast or RuleOperator.Equals:
                column = c.Field.ToString();
                var money = Money(c, "rules");
                if (money <= 0) return null;
                (value, op) = (money, c.Operator == RuleOperator.Equals ? "=" : ">=");
                break;
            case SegmentField.Purchases30 or SegmentField.Purchases90 or SegmentField.Purchases365 or SegmentField.PurchasesTotal
                when c.Operator is RuleOperator.AtLeast or RuleOperator.Equals:
                column = c.Field.ToString();
                var count = Whole(c, "rules", 0, 1_000_000);
                if (count <= 0) return null;
                (value, op) = (count, c.Operator == RuleOperator.Equals ? "=" : ">=");
                break;
            // An average of at least v > 0 over a window needs at least v spent in it.
            case SegmentField.AverageTicket30 or SegmentField.AverageTicket90 or SegmentField.AverageTicket365 when c.Operator == RuleOperator.AtLeast:
                column = c.Field switch { SegmentField.AverageTicket30 => "Spend30", SegmentField.AverageTicket90 => "Spend90", _ => "Spend365" };
                value = Money(c, "rules");
                if ((long)value <= 0) return null;
                break;
            // A last purchase at most N days ago exists only on a profile row (unless the bound is before 1970).
            case SegmentField.DaysSinceLastPurchase when c.Operator == RuleOperator.AtMost:
                var bound = now.AddDays(-Whole(c, "rules", 0, 36_500));
                if (bound <= DateTime.UnixEpoch) return null;
                (column, value) = ("LastPurchaseAt", bound);
                break;
            case SegmentField.RfmSegment when c.Operator == RuleOperator.Equals && Enum.TryParse<RfmSegment>(c.Value, true, out var segment):
                (column, value, op) = ("Segment", (int)segment, "=");
                break;
            case SegmentField.FavouriteCategory when c.Operator == RuleOperator.Equals:
                (column, value, op) = ("FavouriteCategory", Text(c, "rules"), "=");
                break;
            // A purchase at the partner (in the window) is a purchase the member's profile there counts: the members are
            // the buyers in that stretch of the partner's receipts, one list instead of a probe of every member's history.
            case SegmentField.BoughtCategory or SegmentField.BoughtSku or SegmentField.VisitedStore when c.Operator == RuleOperator.Equals && scope != CustomerProfile.Coalition:
            {
                // A SKU is rare: its item rows come first (CROSS JOIN fixes SQLite's order). A category is broad: the
                // partner's receipts in the window come first.
                var buyers = new SqlBuilder().Append("d.\"CustomerId\" IN (SELECT p.\"CustomerId\" FROM ");
                if (c.Field == SegmentField.VisitedStore)
                    buyers.Append("\"Purchases\" p WHERE p.\"StoreId\" = ").Param(Guid.Parse(c.Value!));
                else if (c.Field == SegmentField.BoughtSku)
                    buyers.Append("\"PurchaseItems\" i CROSS JOIN \"Purchases\" p WHERE i.\"Sku\" = ").Param(Text(c, "rules")).Append(" AND p.\"Id\" = i.\"PurchaseId\"");
                else
                    buyers.Append("\"Purchases\" p INNER JOIN \"PurchaseItems\" i ON i.\"PurchaseId\" = p.\"Id\" WHERE i.\"Category\" = ").Param(Text(c, "rules"));
                buyers.Append(" AND p.\"PartnerId\" = ").Param(scope);
                if (c.WithinDays is { } days) buyers.Append(" AND p.\"OccurredAt\" >= ").Param(now.AddDays(-days));
                return (2, buyers.Append(")"));
            }
            default:
                return null;
        }
        var indexed = IndexedProfileColumns.Contains(column);
        return (indexed ? 0 : 1, new SqlBuilder().Append($"{(indexed && !byIndex ? "+" : "")}d.\"{column}\" {op} ").Param(value));
    }

    private static SqlBuilder? Predicate(SegmentRules rules, Guid scope, DateTime now, string? profileAlias)
    {
        var parts = new List<SqlBuilder>();
        var i = 0;
        foreach (var condition in rules.Conditions) parts.Add(Translate(new SqlBuilder(), condition, scope, now, $"rules[{i++}]", profileAlias));
        foreach (var group in rules.Groups ?? []) if (Predicate(group, scope, now, profileAlias) is { } inner) parts.Add(inner);
        if (parts.Count == 0) return null;
        var sql = new SqlBuilder().Append("(");
        for (var p = 0; p < parts.Count; p++)
        {
            if (p > 0) sql.Append(rules.Combine == RuleCombine.All ? " AND " : " OR ");
            sql.Append(parts[p]);
        }
        return sql.Append(")");
    }

    private static SqlBuilder Translate(SqlBuilder sql, SegmentCondition c, Guid scope, DateTime now, string field, string? profileAlias = null)
    {
        switch (c.Field)
        {
            case SegmentField.Spend30 or SegmentField.Spend90 or SegmentField.Spend365 or SegmentField.SpendTotal or SegmentField.AverageTicket:
                return Compare(sql.Append("COALESCE(").Append(Profile(c.Field.ToString(), scope, profileAlias)).Append(", 0)"), c, Money(c, field), field);
            case SegmentField.Purchases30 or SegmentField.Purchases90 or SegmentField.Purchases365 or SegmentField.PurchasesTotal:
                return Compare(sql.Append("COALESCE(").Append(Profile(c.Field.ToString(), scope, profileAlias)).Append(", 0)"), c, Whole(c, field, 0, 1_000_000), field);
            case SegmentField.DaysSinceLastPurchase:
            {
                // "At least N days" means the last purchase is older than now - N days (or there is none).
                var days = Whole(c, field, 0, 36_500);
                var last = new SqlBuilder().Append("COALESCE(").Append(Profile("LastPurchaseAt", scope, profileAlias)).Append(", ").Param(DateTime.UnixEpoch).Append(")");
                return c.Operator switch
                {
                    RuleOperator.AtLeast => sql.Append(last).Append(" <= ").Param(now.AddDays(-days)),
                    RuleOperator.AtMost => sql.Append(last).Append(" >= ").Param(now.AddDays(-days)),
                    _ => throw Invalid(field, "Use \"at least\" or \"at most\" with days since the last purchase."),
                };
            }
            case SegmentField.FavouriteCategory:
                return Equality(sql.Append(Profile("FavouriteCategory", scope, profileAlias)), c, Text(c, field), field);
            case SegmentField.RfmSegment:
            {
                if (!Enum.TryParse<RfmSegment>(c.Value, true, out var segment)) throw Invalid(field, "Choose an RFM segment.");
                // "Is" reads the (PartnerId, Segment) index for the segment's members instead of looking up every member's
                // profile: the same rows (one profile per member and scope), and it lets the count start from a tenth of
                // the members rather than all of them (0068: ≤ 2 s on 1 M members).
                if (c.Operator == RuleOperator.Equals && profileAlias is null)
                    return sql.Append("c.\"Id\" IN (SELECT sp.\"CustomerId\" FROM \"CustomerProfiles\" sp WHERE sp.\"PartnerId\" = ").Param(scope)
                        .Append(" AND sp.\"Segment\" = ").Param((int)segment).Append(")");
                return Equality(sql.Append(Profile("Segment", scope, profileAlias)), c, (int)segment, field);
            }
            case SegmentField.AverageTicket30 or SegmentField.AverageTicket90 or SegmentField.AverageTicket365:
            {
                // Net spend ÷ purchases inside the window, from the same profile row as the window's spend and visits.
                var days = c.Field switch { SegmentField.AverageTicket30 => 30, SegmentField.AverageTicket90 => 90, _ => 365 };
                var row = profileAlias ?? "cp";
                sql.Append("COALESCE(");
                if (profileAlias is null) sql.Append("(SELECT ");
                sql.Append($"CASE WHEN {row}.\"Purchases{days}\" > 0 THEN {row}.\"Spend{days}\" / {row}.\"Purchases{days}\" ELSE 0 END");
                if (profileAlias is null) sql.Append(" FROM \"CustomerProfiles\" cp WHERE cp.\"CustomerId\" = c.\"Id\" AND cp.\"PartnerId\" = ").Param(scope).Append(")");
                sql.Append(", 0)");
                return Compare(sql, c, Money(c, field), field);
            }
            case SegmentField.SubscribedToBrand:
            {
                // A partner asks about its own brand; the operator about any partner's.
                var follows = new SqlBuilder().Append("EXISTS (SELECT 1 FROM \"PartnerSubscriptions\" ps2 WHERE ps2.\"CustomerId\" = c.\"Id\"");
                if (scope != CustomerProfile.Coalition) follows.Append(" AND ps2.\"PartnerId\" = ").Param(scope);
                return Flag(sql, follows.Append(")"), c, field);
            }
            case SegmentField.Tag:
            {
                // Tags belong to the partner that set them; the operator's segment matches a tag set by any partner.
                var tag = Text(c, field).ToLowerInvariant();
                var tagged = new SqlBuilder().Append("EXISTS (SELECT 1 FROM \"CustomerTags\" ct WHERE ct.\"CustomerId\" = c.\"Id\" AND ct.\"Tag\" = ").Param(tag);
                if (scope != CustomerProfile.Coalition) tagged.Append(" AND ct.\"PartnerId\" = ").Param(scope);
                return Exists(sql, tagged.Append(")"), c, field);
            }
            case SegmentField.BoughtCategory or SegmentField.BoughtSku:
            {
                var column = c.Field == SegmentField.BoughtCategory ? "Category" : "Sku";
                // The member's own receipts first (CROSS JOIN keeps SQLite from starting at every row of a SKU).
                var inner = new SqlBuilder().Append($"EXISTS (SELECT 1 FROM \"Purchases\" p CROSS JOIN \"PurchaseItems\" i WHERE i.\"PurchaseId\" = p.\"Id\" AND p.\"CustomerId\" = c.\"Id\" AND i.\"{column}\" = ")
                    .Param(Text(c, field));
                return Exists(sql, Window(inner, c, scope, now, field).Append(")"), c, field);
            }
            case SegmentField.VisitedStore:
            {
                if (!Guid.TryParse(c.Value, out var store)) throw Invalid(field, "Choose a store.");
                var inner = new SqlBuilder().Append("EXISTS (SELECT 1 FROM \"Purchases\" p WHERE p.\"CustomerId\" = c.\"Id\" AND COALESCE(p.\"StoreId\", p.\"StoreId\") = ").Param(store);
                return Exists(sql, Window(inner, c, scope, now, field).Append(")"), c, field);
            }
            case SegmentField.Age:
            {
                // Age ≥ N ⇔ born on or before today − N years; compared on the stored date, so it stays an index-friendly range.
                var years = Whole(c, field, 0, 120);
                var bound = DateOnly.FromDateTime(now).AddYears(-years);
                return c.Operator switch
                {
                    RuleOperator.AtLeast => sql.Append("c.\"BirthDate\" <= ").Param(bound),
                    // today − (N + 1) years, computed from today: stepping back from the bound would clamp a leap day twice
                    // (29 Feb 2028 − 3 years = 28 Feb 2025, − 1 more = 28 Feb 2024) and keep a leap-day baby one year too young.
                    RuleOperator.AtMost => sql.Append("c.\"BirthDate\" > ").Param(DateOnly.FromDateTime(now).AddYears(-(years + 1))),
                    _ => throw Invalid(field, "Use \"at least\" or \"at most\" with age."),
                };
            }
            case SegmentField.Gender:
            {
                if (!Enum.TryParse<Gender>(c.Value, true, out var gender)) throw Invalid(field, "Choose a gender.");
                return Equality(sql.Append("c.\"Gender\""), c, (int)gender, field);
            }
            case SegmentField.City:
                return Equality(sql.Append("c.\"City\""), c, Text(c, field), field);
            case SegmentField.Language:
                return Equality(sql.Append("c.\"Language\""), c, Text(c, field).ToLowerInvariant(), field);
            case SegmentField.Tier:
            {
                if (!Guid.TryParse(c.Value, out var tier)) throw Invalid(field, "Choose a tier.");
                return Equality(sql.Append("c.\"TierId\""), c, tier, field);
            }
            case SegmentField.DaysSinceRegistration:
            {
                var days = Whole(c, field, 0, 36_500);
                return c.Operator switch
                {
                    RuleOperator.AtLeast => sql.Append("c.\"RegisteredAt\" <= ").Param(now.AddDays(-days)),
                    RuleOperator.AtMost => sql.Append("c.\"RegisteredAt\" >= ").Param(now.AddDays(-days)),
                    _ => throw Invalid(field, "Use \"at least\" or \"at most\" with days since registration."),
                };
            }
            case SegmentField.EmailConsent:
                return Flag(sql, "c.\"EmailConsentAt\" IS NOT NULL", c, field);
            case SegmentField.SmsConsent:
                return Flag(sql, "c.\"SmsConsentAt\" IS NOT NULL", c, field);
            case SegmentField.Referred:
                return Flag(sql, "c.\"ReferrerId\" IS NOT NULL", c, field);
            case SegmentField.HasReferredFriends:
                return Flag(sql, "EXISTS (SELECT 1 FROM \"Customers\" f WHERE f.\"ReferrerId\" = c.\"Id\")", c, field);
            default:
                throw Invalid(field, "This condition is not available.");
        }
    }

    private static SqlBuilder Profile(string column, Guid scope, string? profileAlias) => profileAlias is not null
        ? new SqlBuilder().Append($"{profileAlias}.\"{column}\"")
        : new SqlBuilder()
        .Append($"(SELECT cp.\"{column}\" FROM \"CustomerProfiles\" cp WHERE cp.\"CustomerId\" = c.\"Id\" AND cp.\"PartnerId\" = ").Param(scope).Append(")");

    /// <summary>Purchase-history rules look at the owner's purchases only, within the rule's days when given.</summary>
    private static SqlBuilder Window(SqlBuilder inner, SegmentCondition c, Guid scope, DateTime now, string field)
    {
        // COALESCE keeps SQLite (no statistics) off the (PartnerId, OccurredAt) index: with it, the probe for each member
        // read the partner's whole window of receipts instead of the member's own few — minutes on a 300,000-customer
        // partner (0130). The member's (CustomerId, OccurredAt) index is the right one; SQL Server chooses by statistics.
        if (scope != CustomerProfile.Coalition) inner.Append(" AND COALESCE(p.\"PartnerId\", p.\"PartnerId\") = ").Param(scope);
        if (c.WithinDays is { } days)
        {
            if (days is < 1 or > 3650) throw Invalid(field, "Enter a number of days between 1 and 3650.");
            inner.Append(" AND p.\"OccurredAt\" >= ").Param(now.AddDays(-days));
        }
        return inner;
    }

    private static SqlBuilder Compare(SqlBuilder sql, SegmentCondition c, object value, string field) => c.Operator switch
    {
        RuleOperator.AtLeast => sql.Append(" >= ").Param(value),
        RuleOperator.AtMost => sql.Append(" <= ").Param(value),
        RuleOperator.Equals => sql.Append(" = ").Param(value),
        RuleOperator.NotEquals => sql.Append(" <> ").Param(value),
        _ => throw Invalid(field, "Choose how to compare."),
    };

    /// <summary>"Not equals" also matches members with no value: "city is not Almaty" includes those who gave no city.</summary>
    private static SqlBuilder Equality(SqlBuilder column, SegmentCondition c, object value, string field) => c.Operator switch
    {
        RuleOperator.Equals => new SqlBuilder().Append(column).Append(" = ").Param(value),
        RuleOperator.NotEquals => new SqlBuilder().Append("(").Append(column).Append(" IS NULL OR ").Append(column).Append(" <> ").Param(value).Append(")"),
        _ => throw Invalid(field, "Use \"is\" or \"is not\" here."),
    };

    private static SqlBuilder Exists(SqlBuilder sql, SqlBuilder exists, SegmentCondition c, string field) => c.Operator switch
    {
        RuleOperator.Equals => sql.Append(exists),
        RuleOperator.NotEquals => sql.Append("NOT ").Append(exists),
        _ => throw Invalid(field, "Use \"is\" or \"is not\" here."),
    };

    private static SqlBuilder Flag(SqlBuilder sql, string predicate, SegmentCondition c, string field) =>
        Flag(sql, new SqlBuilder().Append(predicate), c, field);

    private static SqlBuilder Flag(SqlBuilder sql, SqlBuilder predicate, SegmentCondition c, string field)
    {
        var wanted = c.Value?.Trim().ToLowerInvariant() switch
        {
            "true" or "yes" or "1" => true,
            "false" or "no" or "0" => false,
            _ => throw Invalid(field, "Choose yes or no."),
        };
        if (c.Operator == RuleOperator.NotEquals) wanted = !wanted;
        else if (c.Operator != RuleOperator.Equals) throw Invalid(field, "Use \"is\" or \"is not\" here.");
        return wanted ? sql.Append(predicate) : sql.Append("NOT (").Append(predicate).Append(")");
    }

    private static long Money(SegmentCondition c, string field) =>
        decimal.TryParse(c.Value, System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out var major) && major is >= 0 and <= 10_000_000_000m
            ? (long)Math.Round(major * 100)
            : throw Invalid(field, "Enter an amount of 0 or more.");

    private static int Whole(SegmentCondition c, string field, int min, int max) =>
        int.TryParse(c.Value, out var n) && n >= min && n <= max ? n : throw Invalid(field, $"Enter a whole number between {min} and {max}.");

    private static string Text(SegmentCondition c, string field) =>
        string.IsNullOrWhiteSpace(c.Value) ? throw Invalid(field, "Enter a value.") : c.Value.Trim();

    private static ValidationException Invalid(string field, string message) => ValidationException.For(field, message);
}
