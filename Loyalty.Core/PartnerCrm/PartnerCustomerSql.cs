using Loyalty.Core.Customers;
using Loyalty.Core.Messaging;
using Loyalty.Core.Segments;

namespace Loyalty.Core.PartnerCrm;

/// <summary>
/// The SQL behind the cabinet's customers grid and its export: the partner's customers narrowed by a
/// <see cref="CustomerFilter"/>. A partner's customers are those with a profile at the partner (everyone who ever bought
/// there, rebuilt nightly by the RFM job), those who bought there since the last rebuild, and its subscribers. The set is
/// written as <c>c."Id" IN (… UNION …)</c> over three indexed lookups by partner, so the database walks only this
/// partner's rows, not the coalition's million members (see docs/decisions/0081-partner-customers-grid.md).
/// </summary>
internal static class PartnerCustomerSql
{
    /// <summary>Purchases newer than this are read straight from the receipts; older ones are in the nightly profiles.</summary>
    public static readonly TimeSpan ProfileLag = TimeSpan.FromDays(2);

    public static SqlBuilder FromWhere(Guid partnerId, CustomerFilter filter, string defaultRegion, DateTime now)
    {
        var sql = new SqlBuilder()
            .Append("FROM \"Customers\" c WHERE c.\"Id\" IN (SELECT cp.\"CustomerId\" FROM \"CustomerProfiles\" cp WHERE cp.\"PartnerId\" = ").Param(partnerId)
            .Append(" UNION SELECT pp.\"CustomerId\" FROM \"Purchases\" pp WHERE pp.\"PartnerId\" = ").Param(partnerId)
            .Append(" AND pp.\"OccurredAt\" >= ").Param(now - ProfileLag)
            .Append(" UNION SELECT ps.\"CustomerId\" FROM \"PartnerSubscriptions\" ps WHERE ps.\"PartnerId\" = ").Param(partnerId).Append(")");

        var search = filter.Search?.Trim();
        if (!string.IsNullOrEmpty(search))
        {
            if (PhoneNumber.TryParse(search, defaultRegion, out var phone))
                sql.Append(" AND c.\"Phone\" = ").Param(phone!.Value);
            else if (CardNumber.IsValid(search))
                sql.Append(" AND c.\"Id\" IN (SELECT k.\"CustomerId\" FROM \"Cards\" k WHERE k.\"Number\" = ").Param(CardNumber.Normalize(search)).Append(")");
            else if (search.All(ch => char.IsDigit(ch) || ch is '+' or ' ' or '-'))
                // Part of a phone: the end of the number, as people read it out ("…4567").
                sql.Append(" AND c.\"Phone\" LIKE ").Param("%" + new string(search.Where(char.IsDigit).ToArray()));
            else
            {
                // Name prefix; LIKE is case-insensitive for ASCII on SQLite and with SQL Server's default collation.
                var prefix = Escape(search) + "%";
                sql.Append(" AND (c.\"FirstName\" LIKE ").Param(prefix).Append(" ESCAPE '\\' OR c.\"LastName\" LIKE ").Param(prefix).Append(" ESCAPE '\\')");
            }
        }
        if (!string.IsNullOrWhiteSpace(filter.Tag))
            sql.Append(" AND EXISTS (SELECT 1 FROM \"CustomerTags\" t WHERE t.\"PartnerId\" = ").Param(partnerId)
                .Append(" AND t.\"Tag\" = ").Param(CustomerTag.Normalize(filter.Tag)).Append(" AND t.\"CustomerId\" = c.\"Id\")");
        if (filter.GroupId is { } group)
            // The group must be this partner's: a foreign group id simply matches nobody.
            sql.Append(" AND EXISTS (SELECT 1 FROM \"SegmentMembers\" sm INNER JOIN \"Segments\" s ON s.\"Id\" = sm.\"SegmentId\" WHERE sm.\"SegmentId\" = ").Param(group)
                .Append(" AND s.\"OwnerPartnerId\" = ").Param(partnerId).Append(" AND sm.\"CustomerId\" = c.\"Id\")");
        if (filter.Rules is { } rules)
        {
            SegmentSql.Validate(rules);
            SegmentSql.AppendPredicate(sql, rules, partnerId, now);
        }
        return sql;
    }

    private static string Escape(string text) => text.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_");
}
