using System.Runtime.CompilerServices;
using Loyalty.Core.Audit;
using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.PartnerCrm;

/// <summary>
/// The filtered customers for an Excel export, read page by page in id order (a fresh short-lived context per page, so
/// memory stays flat and no read holds the database for the whole export) and audited. The web layer writes them into
/// the workbook as they arrive. Offset paging is fine here: at most 50 pages, each an index walk.
/// </summary>
public sealed class ExportPartnerCustomers(ILoyaltyDbFactory dbs, TimeProvider clock) : IUseCase
{
    public const int MaxRows = 100_000;
    private const int PageSize = 2_000;

    public async IAsyncEnumerable<PartnerCustomerRow> HandleAsync(PartnerStaff staff, CustomerFilter filter, [EnumeratorCancellation] CancellationToken ct = default)
    {
        staff.Require(CabinetArea.Marketing);
        var now = clock.GetUtcNow().UtcDateTime;
        string region;
        var driverByIndex = true;
        await using (var db = dbs.Create())
        {
            region = await ListPartnerCustomers.PartnerRegionAsync(db, staff.PartnerId, ct);
            // Decided once for every page of the export, as the grid decides it per page (0280).
            if (filter.Rules is { } rules && !PartnerCustomerSql.IsSelective(filter))
                driverByIndex = await PartnerCustomerSql.DriverByIndexAsync(db, staff.PartnerId, rules, now, PartnerCustomerSql.NarrowIndexRange, ct);
            db.AuditEvents.Add(new AuditEvent(now, "partner.customers-exported", staff.Name, $"Customers exported to Excel (filter {filter.ToJson()})", staff.PartnerId));
            await db.SaveChangesAsync(ct);
        }
        var written = 0;
        while (written < MaxRows)
        {
            List<ListPartnerCustomers.RawRow> page;
            Dictionary<Guid, List<string>> tags;
            await using (var db = dbs.Create())
            {
                var customers = ListPartnerCustomers.Customers(db, staff.PartnerId, filter, region, now,
                    PartnerCustomerSql.IsSelective(filter) ? PartnerCustomerSql.Membership.Probe : PartnerCustomerSql.Membership.DriveFromMembers,
                    driverByIndex: driverByIndex);
                page = await ListPartnerCustomers.Project(db, customers, staff.PartnerId)
                    .OrderBy(r => r.Id).Skip(written).Take(Math.Min(PageSize, MaxRows - written)).ToListAsync(ct);
                tags = await ListPartnerCustomers.TagsAsync(db, staff.PartnerId, page.Select(r => r.Id).ToList(), ct);
            }
            foreach (var row in page) yield return row.ToRow(tags);
            written += page.Count;
            if (page.Count < PageSize) yield break;
        }
    }
}
