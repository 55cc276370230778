using Loyalty.Core.Common;
using Loyalty.Core.Messaging;

namespace Loyalty.Core.Segments;

/// <summary>
/// Mailings to a saved segment (dynamic or imported): members of the segment as last refreshed. The owner check sits in the
/// SQL itself, so a partner naming another partner's segment id reaches nobody.
/// </summary>
public sealed class SegmentAudience : IAudienceSource
{
    public AudienceKind Kind => AudienceKind.Segment;

    public void Validate(AudienceDefinition audience)
    {
        if (audience.SegmentId is null) throw ValidationException.For("segmentId", "Choose a segment.");
    }

    public void AppendFilter(SqlBuilder sql, AudienceDefinition audience, AudienceScope scope)
    {
        sql.Append(" AND EXISTS (SELECT 1 FROM \"SegmentMembers\" sm INNER JOIN \"Segments\" s ON s.\"Id\" = sm.\"SegmentId\" WHERE sm.\"CustomerId\" = c.\"Id\" AND sm.\"SegmentId\" = ")
            .Param(audience.SegmentId ?? Guid.Empty);
        sql.Append(scope.OwnerPartnerId is { } owner ? " AND s.\"OwnerPartnerId\" = " : " AND s.\"OwnerPartnerId\" IS NULL");
        if (scope.OwnerPartnerId is { } partner) sql.Param(partner);
        sql.Append(")");
    }
}
