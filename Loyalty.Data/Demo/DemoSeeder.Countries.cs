using Loyalty.Core.Partners;

namespace Loyalty.Data.Demo;

public sealed partial class DemoSeeder
{
    /// <summary>The coalition's home country and two neighbours the operator could open next (console → settings).</summary>
    private static async Task SeedCountriesAsync(LoyaltyDbContext db, CancellationToken ct)
    {
        db.Countries.AddRange(
            new CoalitionCountry("KZ", "Kazakhstan", "KZT", 100),
            new CoalitionCountry("UZ", "Uzbekistan", "UZS", 2_500),
            new CoalitionCountry("KG", "Kyrgyzstan", "KGS", 20));
        await db.SaveChangesAsync(ct);
    }
}
