namespace Loyalty.Core.Points;

public enum AccountKind
{
    /// <summary>A member's spendable points, earned and spent at any partner.</summary>
    CustomerMain,

    /// <summary>A member's points from manufacturers' promo codes, used for mobile top-ups.</summary>
    CustomerPromo,

    /// <summary>Points a partner has issued to members: the partner owes their value to the coalition.</summary>
    PartnerIssuance,

    /// <summary>Points members have spent at a partner: the coalition owes their value to the partner.</summary>
    PartnerRedemption,

    /// <summary>The operator's own account: welcome bonuses and other program-funded rewards.</summary>
    Operator,

    /// <summary>Where expired points go.</summary>
    Expiry,

    /// <summary>Promo points paid out as mobile top-ups.</summary>
    TopUpPayout,

    /// <summary>Counterpart of manual adjustments by operator staff.</summary>
    Adjustment,
}

/// <summary>
/// A ledger account. <see cref="Balance"/> is a cache of the sum of its entries, changed only by
/// <see cref="Ledger"/> with a guarded update in the same transaction that writes the entries.
/// </summary>
public class LedgerAccount
{
    public const int KeyMaxLength = 64;

    private LedgerAccount() { }

    private LedgerAccount(AccountKind kind, string key, Guid? customerId, Guid? partnerId)
    {
        Kind = kind;
        Key = key;
        CustomerId = customerId;
        PartnerId = partnerId;
    }

    public long Id { get; private set; }
    public AccountKind Kind { get; private set; }

    /// <summary>Unique, readable identity: "customer-main:{id}", "partner-issuance:{id}", "operator" …</summary>
    public string Key { get; private set; } = "";

    public Guid? CustomerId { get; private set; }
    public Guid? PartnerId { get; private set; }

    /// <summary>Hundredths of a point. Never below zero for customer accounts.</summary>
    public long Balance { get; private set; }

    public bool IsCustomerAccount => Kind is AccountKind.CustomerMain or AccountKind.CustomerPromo;

    public static LedgerAccount ForCustomer(Guid customerId, AccountKind kind) => kind switch
    {
        AccountKind.CustomerMain => new(kind, KeyFor(kind, customerId), customerId, null),
        AccountKind.CustomerPromo => new(kind, KeyFor(kind, customerId), customerId, null),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static LedgerAccount ForPartner(Guid partnerId, AccountKind kind) => kind switch
    {
        AccountKind.PartnerIssuance or AccountKind.PartnerRedemption => new(kind, KeyFor(kind, partnerId), null, partnerId),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static LedgerAccount System(AccountKind kind) => kind switch
    {
        AccountKind.Operator or AccountKind.Expiry or AccountKind.TopUpPayout or AccountKind.Adjustment => new(kind, KeyFor(kind, null), null, null),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>A member's account already in the database, known by its id from a plain query on a hot path.</summary>
    internal static LedgerAccount ExistingForCustomer(long id, Guid customerId, AccountKind kind) =>
        new(kind, KeyFor(kind, customerId), customerId, null) { Id = id };

    public static string KeyFor(AccountKind kind, Guid? owner) => kind switch
    {
        AccountKind.CustomerMain => $"customer-main:{owner:N}",
        AccountKind.CustomerPromo => $"customer-promo:{owner:N}",
        AccountKind.PartnerIssuance => $"partner-issuance:{owner:N}",
        AccountKind.PartnerRedemption => $"partner-redemption:{owner:N}",
        AccountKind.Operator => "operator",
        AccountKind.Expiry => "expiry",
        AccountKind.TopUpPayout => "top-up-payout",
        AccountKind.Adjustment => "adjustment",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
