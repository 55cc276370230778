using Loyalty.Core.Common;

namespace Loyalty.Core.PromoCodes;

/// <summary>A manufacturer's product whose packaging carries promo codes; every code of it is worth the same points.</summary>
public class Product
{
    public const int SkuMaxLength = 64;
    public const int NameMaxLength = 200;
    public const int BrandMaxLength = 100;
    public const int PhotoUrlMaxLength = 500;
    public const int MinPoints = 1;
    public const int MaxPoints = 6;

    private Product() { }

    public Product(Guid partnerId, string sku, string name, string brand, int pointsPerCode, string? photoUrl, DateTime createdAt)
    {
        Id = Guid.CreateVersion7();
        PartnerId = partnerId;
        CreatedAt = createdAt;
        Update(sku, name, brand, pointsPerCode, photoUrl);
    }

    public Guid Id { get; private set; }
    public Guid PartnerId { get; private set; }
    public string Sku { get; private set; } = "";
    public string Name { get; private set; } = "";
    public string Brand { get; private set; } = "";

    /// <summary>Whole points (1–6) a code of this product credits to the member's promo account.</summary>
    public int PointsPerCode { get; private set; }

    public string? PhotoUrl { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public bool IsArchived { get; private set; }

    public void Update(string sku, string name, string brand, int pointsPerCode, string? photoUrl)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(sku) || sku.Trim().Length > SkuMaxLength) errors["sku"] = [$"Enter the SKU (at most {SkuMaxLength} characters)."];
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > NameMaxLength) errors["name"] = [$"Enter the product name (at most {NameMaxLength} characters)."];
        if (string.IsNullOrWhiteSpace(brand) || brand.Trim().Length > BrandMaxLength) errors["brand"] = [$"Enter the brand (at most {BrandMaxLength} characters)."];
        if (pointsPerCode is < MinPoints or > MaxPoints) errors["pointsPerCode"] = [$"A code is worth {MinPoints} to {MaxPoints} points."];
        if (!string.IsNullOrWhiteSpace(photoUrl) && (photoUrl.Length > PhotoUrlMaxLength
            || !Uri.TryCreate(photoUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http")))
            errors["photoUrl"] = ["The photo is a web address starting with https://."];
        if (errors.Count > 0) throw new ValidationException(errors);
        Sku = sku.Trim();
        Name = name.Trim();
        Brand = brand.Trim();
        PointsPerCode = pointsPerCode;
        PhotoUrl = string.IsNullOrWhiteSpace(photoUrl) ? null : photoUrl.Trim();
    }

    public void Archive() => IsArchived = true;
}
