namespace Loyalty.Core.Identity;

/// <summary>Role names as stored by ASP.NET Core Identity. Partner roles are always scoped to one partner (the partner claim).</summary>
public static class Roles
{
    public const string OperatorAdmin = "OperatorAdmin";
    public const string OperatorStaff = "OperatorStaff";
    public const string PartnerAdmin = "PartnerAdmin";
    public const string PartnerMarketer = "PartnerMarketer";
    public const string PartnerCashier = "PartnerCashier";
    public const string Customer = "Customer";

    public const string AnyOperator = OperatorAdmin + "," + OperatorStaff;
    public const string AnyPartner = PartnerAdmin + "," + PartnerMarketer + "," + PartnerCashier;

    public static readonly string[] All = [OperatorAdmin, OperatorStaff, PartnerAdmin, PartnerMarketer, PartnerCashier, Customer];
    public static readonly string[] PartnerRoles = [PartnerAdmin, PartnerMarketer, PartnerCashier];
}

/// <summary>Claim types the app adds to a signed-in principal.</summary>
public static class LoyaltyClaims
{
    public const string PartnerId = "loyalty:partner";
    public const string CustomerId = "loyalty:customer";

    /// <summary>Partner staff: the store the cashier view rings receipts up at.</summary>
    public const string StoreId = "loyalty:store";
}
