using Loyalty.Core.Audit;
using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Partners;

/// <summary>A row of the business-area library with how many partners (applications included) are in the area.</summary>
public sealed record AreaRow(int Id, string Name, string NameRu, bool IsManufacturer, bool IsArchived, bool IsBuiltIn, int Partners)
{
    public AreaLabel Label => new(Id, Name, NameRu, IsManufacturer, IsArchived);
}

/// <param name="Id">Null for a new area.</param>
public sealed record SaveAreaCommand(int? Id, string Name, string NameRu, bool IsManufacturer);

/// <summary>
/// The operator's library of business areas (Settings, decision 0180): add, rename in English and Russian, archive and
/// restore, delete an unused area the operator added. The kind (merchant / manufacturer) decides what partners may do,
/// so it changes only while no partner is in the area.
/// </summary>
public sealed class ManageBusinessAreas(ILoyaltyDbFactory dbs, TimeProvider clock) : IUseCase
{
    public async Task<IReadOnlyList<AreaRow>> ListAsync(CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var usage = await db.Partners.GroupBy(p => p.AreaId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var areas = await db.BusinessAreas.AsNoTracking().ToListAsync(ct);
        return areas.Select(a => new AreaRow(a.Id, a.Name, a.NameRu, a.IsManufacturer, a.IsArchived, a.IsBuiltIn, usage.GetValueOrDefault(a.Id)))
            .OrderBy(a => a.IsArchived).ThenBy(a => a.Name, StringComparer.OrdinalIgnoreCase).ToList();
    }

    /// <summary>The areas an applicant or a visitor may choose: not archived, by name in the reader's language.</summary>
    public async Task<IReadOnlyList<AreaLabel>> OfferedAsync(CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var areas = await db.BusinessAreas.AsNoTracking().Where(a => !a.IsArchived).ToListAsync(ct);
        return areas.Select(a => a.Label).OrderBy(a => a.Id == BusinessArea.Other.Id).ThenBy(a => a.Display(), StringComparer.CurrentCultureIgnoreCase).ToList();
    }

    public async Task<int> SaveAsync(SaveAreaCommand command, string actor, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        await using var tx = await db.BeginWriteAsync(ct);
        var area = command.Id is { } id
            ? await db.BusinessAreas.FirstOrDefaultAsync(a => a.Id == id, ct) ?? throw DomainException.NotFound("area-not-found", "This business area does not exist.")
            : null;
        var name = command.Name?.Trim() ?? "";
        var nameRu = command.NameRu?.Trim() ?? "";
        var others = await db.BusinessAreas.Where(a => a.Id != (command.Id ?? -1)).Select(a => new { a.Name, a.NameRu }).ToListAsync(ct);
        if (others.Any(o => string.Equals(o.Name, name, StringComparison.OrdinalIgnoreCase)))
            throw ValidationException.For("name", "Another area already has this name.");
        if (others.Any(o => string.Equals(o.NameRu, nameRu, StringComparison.OrdinalIgnoreCase)))
            throw ValidationException.For("nameRu", "Another area already has this name.");
        string what;
        if (area is null)
        {
            var next = Math.Max(BusinessArea.FirstCustomId, (await db.BusinessAreas.MaxAsync(a => (int?)a.Id, ct) ?? 0) + 1);
            area = new BusinessArea(next, name, nameRu, command.IsManufacturer);
            db.BusinessAreas.Add(area);
            what = "added";
        }
        else
        {
            var before = area.Name;
            area.Rename(name, nameRu);
            if (area.IsManufacturer != command.IsManufacturer)
            {
                if (await db.Partners.AnyAsync(p => p.AreaId == area.Id, ct))
                    throw ValidationException.For("isManufacturer", "Partners are in this area: what they may do follows its kind, so the kind stays.");
                area.SetKind(command.IsManufacturer);
            }
            what = before == area.Name ? "edited" : $"renamed from {before}";
        }
        db.AuditEvents.Add(new AuditEvent(clock.GetUtcNow().UtcDateTime, "settings.area", actor,
            $"Business area {area.Name} / {area.NameRu} {what}{(area.IsManufacturer ? " (manufacturers)" : "")}"));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return area.Id;
    }

    /// <summary>Archive (no longer offered; partners keep it) or restore an area.</summary>
    public async Task SetArchivedAsync(int id, bool archived, string actor, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        await using var tx = await db.BeginWriteAsync(ct);
        var area = await db.BusinessAreas.FirstOrDefaultAsync(a => a.Id == id, ct) ?? throw DomainException.NotFound("area-not-found", "This business area does not exist.");
        if (archived && !area.IsArchived && await db.BusinessAreas.CountAsync(a => !a.IsArchived, ct) == 1)
            throw new DomainException("last-area", "Applicants need at least one area to choose: add another before archiving this one.");
        if (archived) area.Archive(); else area.Restore();
        db.AuditEvents.Add(new AuditEvent(clock.GetUtcNow().UtcDateTime, "settings.area", actor, $"Business area {area.Name} {(archived ? "archived" : "restored")}"));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>Deletes an area nobody uses that the operator added; an area partners are in can only be archived.</summary>
    public async Task DeleteAsync(int id, string actor, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        await using var tx = await db.BeginWriteAsync(ct);
        var area = await db.BusinessAreas.FirstOrDefaultAsync(a => a.Id == id, ct) ?? throw DomainException.NotFound("area-not-found", "This business area does not exist.");
        if (await db.Partners.AnyAsync(p => p.AreaId == id, ct))
            throw DomainException.Conflict("area-in-use", "Partners are in this area: archive it instead, and they keep it.");
        if (area.IsBuiltIn)
            throw DomainException.Conflict("area-built-in", "A built-in area can be archived, not deleted.");
        db.BusinessAreas.Remove(area);
        db.AuditEvents.Add(new AuditEvent(clock.GetUtcNow().UtcDateTime, "settings.area", actor, $"Business area {area.Name} deleted"));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>Every area by id, archived ones too, for naming partners' areas on screens (the library is a few rows).</summary>
    public static async Task<IReadOnlyDictionary<int, AreaLabel>> LabelsAsync(ILoyaltyDb db, CancellationToken ct) =>
        await db.BusinessAreas.AsNoTracking().Select(a => new AreaLabel(a.Id, a.Name, a.NameRu, a.IsManufacturer, a.IsArchived)).ToDictionaryAsync(a => a.Id, ct);
}

public static class AreaLabels
{
    public static AreaLabel For(this IReadOnlyDictionary<int, AreaLabel> labels, int id) => labels.TryGetValue(id, out var label) ? label : AreaLabel.Unknown(id);
}
