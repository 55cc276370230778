using Loyalty.Core.Partners;
using Loyalty.Core.Pos;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Data.Demo;

public sealed partial class DemoSeeder
{
    /// <summary>
    /// The demo partner's till names its three cashiers and reports a shift's receipts without a card every day of the last
    /// month, so staff performance and the card share are real figures in the demo (0150).
    /// </summary>
    private static async Task SeedStaffAsync(LoyaltyDbContext db, Partner partner, DateTime now, CancellationToken ct)
    {
        var terminal = await db.PosTerminals.Where(t => t.PartnerId == partner.Id).Select(t => new { t.Id, t.StoreId }).FirstOrDefaultAsync(ct);
        if (terminal is null) return;
        string[] cashiers = ["Timur", "Aliya K.", "Dana"];
        // Receipt numbers are sequential: their last digit spreads them over the cashiers.
        var mine = db.Purchases.Where(p => p.PartnerId == partner.Id && p.StoreId == terminal.StoreId);
        await mine.Where(p => p.ReceiptNumber.EndsWith("0") || p.ReceiptNumber.EndsWith("1") || p.ReceiptNumber.EndsWith("2") || p.ReceiptNumber.EndsWith("3"))
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.Cashier, cashiers[0]), ct);
        await mine.Where(p => p.ReceiptNumber.EndsWith("4") || p.ReceiptNumber.EndsWith("5") || p.ReceiptNumber.EndsWith("6"))
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.Cashier, cashiers[1]), ct);
        await mine.Where(p => p.Cashier == null).ExecuteUpdateAsync(s => s.SetProperty(p => p.Cashier, cashiers[2]), ct);

        var random = new Random(8);
        for (var day = 1; day <= 30; day++)
        {
            foreach (var cashier in cashiers)
            {
                var count = random.Next(1, 5);
                db.AnonymousReceipts.Add(new AnonymousReceipts(partner.Id, terminal.StoreId, terminal.Id, cashier, now.Date.AddDays(-day).AddHours(20),
                    count, count * random.Next(4_000, 12_000) * 100L, partner.Currency));
            }
        }
        await db.SaveChangesAsync(ct);
    }
}
