namespace Loyalty.Core.Common;

/// <summary>
/// Whose rows the operator's coalition-wide lists show: everyone's (the default), only the operator's own, or one partner's.
/// Partners never get this filter: their lists are fixed to their own partner id.
/// </summary>
public sealed record OwnerFilter(bool OperatorOnly = false, Guid? PartnerId = null)
{
    public static readonly OwnerFilter All = new();
    public static readonly OwnerFilter Operator = new(OperatorOnly: true);

    public static OwnerFilter Partner(Guid partnerId) => new(PartnerId: partnerId);
}
