using System.Globalization;
using Loyalty.Core.Common;

namespace Loyalty.Core.Partners;

/// <summary>
/// A business area of the operator's library (decision 0180): named in English and Russian, offered to applicants until
/// archived. What a partner in it may do is the explicit <see cref="IsManufacturer"/> kind, never the name, so renaming
/// "Manufacturer" changes nothing a partner can do. Partners keep their area when it is archived; an area partners use is
/// never deleted. The built-in areas have the ids the former enum had (0–7), so every partner's stored area stays valid.
/// </summary>
public class BusinessArea
{
    public const int NameMaxLength = 60;

    private BusinessArea() { }

    public BusinessArea(int id, string name, string nameRu, bool isManufacturer)
    {
        Id = id;
        Rename(name, nameRu);
        IsManufacturer = isManufacturer;
    }

    public int Id { get; private set; }

    /// <summary>The name in English (and every language without its own name).</summary>
    public string Name { get; private set; } = "";

    public string NameRu { get; private set; } = "";

    /// <summary>Partners in this area make goods (products, promo codes on packages) instead of selling at tills.</summary>
    public bool IsManufacturer { get; private set; }

    /// <summary>An archived area stays on the partners that have it but is no longer offered to applicants or in filters.</summary>
    public bool IsArchived { get; private set; }

    /// <summary>The built-in areas are seeded at start-up and may be archived, not deleted (a deleted one would come back).</summary>
    public bool IsBuiltIn => Id < FirstCustomId;

    public const int FirstCustomId = 100;

    public void Rename(string name, string nameRu)
    {
        var errors = new Dictionary<string, string[]>();
        var en = name?.Trim() ?? "";
        var ru = nameRu?.Trim() ?? "";
        if (en.Length is < 2 or > NameMaxLength) errors["name"] = ["Enter the area's name in English (2 to 60 characters)."];
        if (ru.Length is < 2 or > NameMaxLength) errors["nameRu"] = ["Enter the area's name in Russian (2 to 60 characters)."];
        if (errors.Count > 0) throw new ValidationException(errors);
        Name = en;
        NameRu = ru;
    }

    public void SetKind(bool isManufacturer) => IsManufacturer = isManufacturer;

    public void Archive() => IsArchived = true;

    public void Restore() => IsArchived = false;

    public AreaLabel Label => new(Id, Name, NameRu, IsManufacturer, IsArchived);

    // The built-in areas (the former enum, same ids). Each call returns a new instance: never share one between contexts.
    public static BusinessArea FoodRetail => new(0, "Food retail", "Продукты", false);
    public static BusinessArea Fuel => new(1, "Fuel", "АЗС", false);
    public static BusinessArea Pharmacy => new(2, "Pharmacy", "Аптеки", false);
    public static BusinessArea Electronics => new(3, "Electronics", "Электроника", false);
    public static BusinessArea Outfit => new(4, "Outfit", "Одежда", false);
    public static BusinessArea Cafe => new(5, "Cafe", "Кафе", false);
    public static BusinessArea Manufacturer => new(6, "Manufacturer", "Производитель", true);
    public static BusinessArea Other => new(7, "Other", "Другое", false);

    public static IReadOnlyList<BusinessArea> BuiltIn() => [FoodRetail, Fuel, Pharmacy, Electronics, Outfit, Cafe, Manufacturer, Other];
}

/// <summary>An area as the screens show it: the name in the reader's language.</summary>
public sealed record AreaLabel(int Id, string Name, string NameRu, bool IsManufacturer = false, bool IsArchived = false)
{
    public string Display(CultureInfo? culture = null) =>
        (culture ?? CultureInfo.CurrentUICulture).TwoLetterISOLanguageName == "ru" && NameRu.Length > 0 ? NameRu : Name;

    public override string ToString() => Display();

    /// <summary>For a partner whose area row is missing (should not happen; areas in use are never deleted).</summary>
    public static AreaLabel Unknown(int id) => new(id, "Other", "Другое");
}
