using Loyalty.Core.Common;
using Loyalty.Core.Identity;

namespace Loyalty.Core.PartnerCrm;

/// <summary>What a partner staff member may do in the cabinet; granted by role.</summary>
public enum CabinetArea
{
    /// <summary>Customers, campaigns, mailings, analytics, the dashboard: admins and marketers.</summary>
    Marketing,

    /// <summary>Company settings, stores, staff, terminals, counterparts: admins only.</summary>
    Administration,

    /// <summary>The cashier view: cashiers and admins.</summary>
    Till,
}

/// <summary>
/// The signed-in partner staff member as use cases see it: built by the web layer from the user's claims (never from a
/// URL or a form). Every cabinet use case takes one, filters by <see cref="PartnerId"/> and checks the area with
/// <see cref="Require"/>, so a page that forgets its policy still cannot leak or change another partner's data.
/// </summary>
public sealed record PartnerStaff(Guid PartnerId, string Name, IReadOnlyCollection<string> Roles, Guid? UserId = null, Guid? StoreId = null)
{
    public bool IsAdmin => Roles.Contains(Identity.Roles.PartnerAdmin);

    public bool Can(CabinetArea area) => area switch
    {
        CabinetArea.Marketing => IsAdmin || Roles.Contains(Identity.Roles.PartnerMarketer),
        CabinetArea.Administration => IsAdmin,
        CabinetArea.Till => IsAdmin || Roles.Contains(Identity.Roles.PartnerCashier),
        _ => false,
    };

    public PartnerStaff Require(CabinetArea area) =>
        Can(area) ? this : throw new DomainException("forbidden", "Your role does not allow this.", 403);

    public static PartnerStaff Admin(Guid partnerId, string name = "admin") => new(partnerId, name, [Identity.Roles.PartnerAdmin]);
}
