using Loyalty.Core.Common;

namespace Loyalty.Core.PartnerCrm;

/// <summary>A partner's own label on one of its customers ("vip", "wholesale"); other partners never see it.</summary>
public class CustomerTag
{
    public const int MaxLength = 40;

    private CustomerTag() { }

    public CustomerTag(Guid partnerId, Guid customerId, string tag, DateTime now)
    {
        PartnerId = partnerId;
        CustomerId = customerId;
        Tag = Normalize(tag);
        CreatedAt = now;
    }

    public Guid PartnerId { get; private set; }
    public Guid CustomerId { get; private set; }
    public string Tag { get; private set; } = "";
    public DateTime CreatedAt { get; private set; }

    /// <summary>Tags are compared lower-case and trimmed, so "VIP " and "vip" are one tag.</summary>
    public static string Normalize(string? tag)
    {
        var value = (tag ?? "").Trim().ToLowerInvariant();
        if (value.Length is < 1 or > MaxLength || value.Any(char.IsControl))
            throw ValidationException.For("tag", $"A tag has 1 to {MaxLength} characters.");
        return value;
    }
}
