using Loyalty.Core.Audit;
using Loyalty.Core.Common;
using Loyalty.Core.Partners;
using Microsoft.EntityFrameworkCore;
using TimeZoneConverter;

namespace Loyalty.Core.PartnerCrm;

public sealed record StoreForm(string? Name, string? City, string? Address, string? TimeZone, string? OpeningHours, bool IsOnline);

/// <summary>
/// Adds a store (no id) or changes one of the partner's own. The time zone may be typed as an IANA id ("Asia/Almaty") or
/// a Windows id ("Central Asia Standard Time"); it is stored as IANA, which both SQLite and SQL Server hosts understand.
/// </summary>
public sealed class SaveStore(ILoyaltyDbFactory dbs, TimeProvider clock) : IUseCase
{
    public const int MaxStores = 1_000;
    public const int HoursMaxLength = 200;

    public async Task<Guid> HandleAsync(PartnerStaff staff, Guid? id, StoreForm form, CancellationToken ct = default)
    {
        staff.Require(CabinetArea.Administration);
        var errors = new Dictionary<string, string[]>();
        var name = form.Name?.Trim() ?? "";
        var city = form.City?.Trim() ?? "";
        var address = form.Address?.Trim() ?? "";
        var hours = string.IsNullOrWhiteSpace(form.OpeningHours) ? null : form.OpeningHours.Trim();
        if (name.Length is < 2 or > Store.NameMaxLength) errors["name"] = [$"Name the store (2 to {Store.NameMaxLength} characters)."];
        if (city.Length is < 2 or > 100) errors["city"] = ["Enter the city (2 to 100 characters)."];
        if (!form.IsOnline && address.Length < 5) errors["address"] = ["Enter the street address (at least 5 characters)."];
        if (address.Length > 300) errors["address"] = ["An address has at most 300 characters."];
        if (hours?.Length > HoursMaxLength) errors["openingHours"] = [$"Opening hours have at most {HoursMaxLength} characters."];
        var zone = NormalizeTimeZone(form.TimeZone);
        if (zone is null) errors["timeZone"] = ["Choose a time zone, e.g. Asia/Almaty."];
        if (errors.Count > 0) throw new ValidationException(errors);

        await using var db = dbs.Create();
        Store store;
        if (id is { } existing)
            store = await db.Stores.FirstOrDefaultAsync(s => s.Id == existing && s.PartnerId == staff.PartnerId, ct)
                ?? throw DomainException.NotFound("store-not-found", "This store does not exist.");
        else
        {
            if (await db.Stores.CountAsync(s => s.PartnerId == staff.PartnerId, ct) >= MaxStores)
                throw ValidationException.For("name", $"A partner has at most {MaxStores:N0} stores.");
            store = new Store(staff.PartnerId, name, city, address, zone!);
            db.Stores.Add(store);
        }
        if (await db.Stores.AnyAsync(s => s.PartnerId == staff.PartnerId && s.Name == name && s.Id != store.Id, ct))
            throw ValidationException.For("name", "Another store has this name.");
        store.Name = name;
        store.City = city;
        store.Address = address;
        store.TimeZone = zone!;
        store.OpeningHours = hours;
        store.IsOnline = form.IsOnline;
        db.AuditEvents.Add(new AuditEvent(clock.GetUtcNow().UtcDateTime, id is null ? "partner.store-added" : "partner.store-changed", staff.Name, $"Store {name}", staff.PartnerId));
        await db.SaveChangesAsync(ct);
        return store.Id;
    }

    /// <summary>An IANA id for an IANA or Windows time zone id; null when neither is known.</summary>
    public static string? NormalizeTimeZone(string? id)
    {
        id = id?.Trim();
        if (string.IsNullOrEmpty(id) || !TZConvert.TryGetTimeZoneInfo(id, out _)) return null;
        return TZConvert.KnownIanaTimeZoneNames.Contains(id, StringComparer.Ordinal) ? id
            : TZConvert.TryWindowsToIana(id, out var iana) ? iana : null;
    }
}
