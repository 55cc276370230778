using Loyalty.Core.Common;
using Loyalty.Core.Customers;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Messaging;

/// <summary>
/// Turns an audience into SQL over <c>"Customers" c</c>, always with the consent rules on top: active members only, opted
/// in to the channel with an address for it, and for a partner's mailing only members who bought there or subscribed to it.
/// Transactional messages never come through here.
/// </summary>
public sealed class AudienceQuery(IEnumerable<IAudienceSource> sources)
{
    private readonly Dictionary<AudienceKind, IAudienceSource> _sources = sources.ToDictionary(s => s.Kind);

    public IAudienceSource SourceFor(AudienceKind kind) =>
        _sources.TryGetValue(kind, out var source) ? source
            : throw ValidationException.For("audience", "This kind of audience is not available yet.");

    /// <summary>"FROM "Customers" c WHERE …" for the given audience and scope.</summary>
    public SqlBuilder FromWhere(AudienceDefinition audience, AudienceScope scope)
    {
        var source = SourceFor(audience.Kind);
        var sql = new SqlBuilder().Append("FROM \"Customers\" c WHERE c.\"Status\" = ").Param((int)CustomerStatus.Active);
        sql.Append(scope.Channel switch
        {
            MessageChannel.Email => " AND c.\"EmailConsentAt\" IS NOT NULL AND c.\"Email\" IS NOT NULL",
            MessageChannel.Sms => " AND c.\"SmsConsentAt\" IS NOT NULL",
            _ => "",
        });
        if (scope.OwnerPartnerId is { } partner)
        {
            sql.Append(" AND (EXISTS (SELECT 1 FROM \"Purchases\" op WHERE op.\"CustomerId\" = c.\"Id\" AND op.\"PartnerId\" = ").Param(partner)
                .Append(") OR EXISTS (SELECT 1 FROM \"PartnerSubscriptions\" ps WHERE ps.\"CustomerId\" = c.\"Id\" AND ps.\"PartnerId\" = ").Param(partner).Append("))");
        }
        source.AppendFilter(sql, audience, scope);
        return sql;
    }

    /// <summary>The audience as an EF query (composable: count, take, order), built on the same SQL as the fan-out.</summary>
    public IQueryable<Customer> Customers(ILoyaltyDb db, AudienceDefinition audience, AudienceScope scope) =>
        db.Customers.FromSql(new SqlBuilder().Append("SELECT c.* ").Append(FromWhere(audience, scope)).Build());
}
