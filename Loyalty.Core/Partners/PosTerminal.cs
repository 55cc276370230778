using System.Security.Cryptography;
using System.Text;

namespace Loyalty.Core.Partners;

/// <summary>
/// A cash register or web shop that calls the POS API. Its key is shown once at creation; only a SHA-256 hash is
/// stored (keys are 256-bit random, so a plain hash cannot be brute-forced).
/// </summary>
public class PosTerminal
{
    private PosTerminal() { }

    private PosTerminal(Guid partnerId, Guid storeId, string name, string keyHash, string keyHint, DateTime createdAt)
    {
        Id = Guid.CreateVersion7();
        PartnerId = partnerId;
        StoreId = storeId;
        Name = name;
        KeyHash = keyHash;
        KeyHint = keyHint;
        CreatedAt = createdAt;
    }

    public Guid Id { get; private set; }
    public Guid PartnerId { get; private set; }
    public Guid StoreId { get; private set; }
    public string Name { get; private set; } = "";
    public string KeyHash { get; private set; } = "";

    /// <summary>Last characters of the key, so staff can tell keys apart without seeing them.</summary>
    public string KeyHint { get; private set; } = "";

    public DateTime CreatedAt { get; private set; }
    public DateTime? RevokedAt { get; private set; }

    public bool IsActive => RevokedAt is null;

    public static (PosTerminal Terminal, string Key) Create(Guid partnerId, Guid storeId, string name, DateTime now, string? key = null)
    {
        key ??= "pos_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return (new PosTerminal(partnerId, storeId, name, HashKey(key), key[^4..], now), key);
    }

    public static string HashKey(string key) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    public void Revoke(DateTime at) => RevokedAt ??= at;
}

/// <summary>A step of a cumulative-discount program: from this total spend at the partner, this discount.</summary>
public class PartnerDiscountStep
{
    private PartnerDiscountStep() { }

    public PartnerDiscountStep(Guid partnerId, long spendThreshold, int discountBp)
    {
        PartnerId = partnerId;
        SpendThreshold = spendThreshold;
        DiscountBp = discountBp;
    }

    public long Id { get; private set; }
    public Guid PartnerId { get; private set; }

    /// <summary>Total spend at the partner (minor units, net of refunds) from which the discount applies.</summary>
    public long SpendThreshold { get; private set; }

    public int DiscountBp { get; private set; }
}

/// <summary>A partner's earn rate for one product category, overriding its base rate.</summary>
public class PartnerCategoryRate
{
    private PartnerCategoryRate() { }

    public PartnerCategoryRate(Guid partnerId, string category, int earnRateBp)
    {
        PartnerId = partnerId;
        Category = category;
        EarnRateBp = earnRateBp;
    }

    public long Id { get; private set; }
    public Guid PartnerId { get; private set; }
    public string Category { get; private set; } = "";
    public int EarnRateBp { get; set; }
}
