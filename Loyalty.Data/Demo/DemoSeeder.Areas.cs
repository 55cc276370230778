using Loyalty.Core.Partners;

namespace Loyalty.Data.Demo;

public sealed partial class DemoSeeder
{
    /// <summary>Two areas the operator added to the built-in ones (0180): one offered, one archived (console → settings).</summary>
    private static async Task SeedBusinessAreasAsync(LoyaltyDbContext db, CancellationToken ct)
    {
        var kiosks = new BusinessArea(BusinessArea.FirstCustomId + 1, "Kiosks", "Киоски", false);
        kiosks.Archive();
        db.BusinessAreas.AddRange(new BusinessArea(BusinessArea.FirstCustomId, "Bakeries", "Пекарни", false), kiosks);
        await db.SaveChangesAsync(ct);
    }
}
