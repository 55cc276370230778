using Loyalty.Core.Common;
using Loyalty.Core.Partners;
using Loyalty.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Tests.Partners;

/// <summary>The console's library of countries, currencies and default point values (0097).</summary>
public class CountryLibraryTests : ScenarioTest
{
    private ManageCountries Countries => Database.Get<ManageCountries>();

    [Fact]
    public async Task ACountryPartnersUse_ShowsUndescribed_UntilTheOperatorSavesIt_ThenEditsApply()
    {
        var before = Assert.Single(await Countries.ListAsync());
        Assert.Equal(("KZ", "KZT", false, 1), (before.Code, before.Currency, before.InLibrary, before.Partners));

        await Countries.SaveAsync(new SaveCountryCommand(" kz ", "Kazakhstan", "kzt", 1.00m, true), "ops@test");
        await Countries.SaveAsync(new SaveCountryCommand("UZ", "Uzbekistan", "UZS", 25.5m, true), "ops@test");

        var rows = await Countries.ListAsync();
        Assert.Equal(["KZ", "UZ"], rows.Select(r => r.Code));
        Assert.Equal(("Kazakhstan", "KZT", 100L, true, 1), (rows[0].Name, rows[0].Currency, rows[0].DefaultPointValueMinor, rows[0].InLibrary, rows[0].Partners));
        Assert.Equal((2_550L, 0), (rows[1].DefaultPointValueMinor, rows[1].Partners));

        await Countries.SaveAsync(new SaveCountryCommand("UZ", "O'zbekiston", "UZS", 30m, false), "ops@test");
        var uz = (await Countries.ListAsync()).Single(r => r.Code == "UZ");
        Assert.Equal(("O'zbekiston", 3_000L, false), (uz.Name, uz.DefaultPointValueMinor, uz.IsActive));
        await using var db = Database.Open();
        Assert.Equal(3, await db.AuditEvents.CountAsync(e => e.Kind == "country.saved"));
    }

    [Fact]
    public async Task BadInput_ACurrencyPartnersSettleIn_AndTheHomeCountry_AreProtected_AndNothingIsWritten()
    {
        var bad = await Assert.ThrowsAsync<ValidationException>(() => Countries.SaveAsync(new SaveCountryCommand("KAZ", "K", "TENGE", 0m, true), "ops@test"));
        Assert.Contains("code", bad.Errors.Keys);
        var fields = await Assert.ThrowsAsync<ValidationException>(() => Countries.SaveAsync(new SaveCountryCommand("UZ", "U", "UZSS", 0m, true), "ops@test"));
        Assert.Equal(["currency", "name", "pointValue"], fields.Errors.Keys.Order());
        var decimals = await Assert.ThrowsAsync<ValidationException>(() => Countries.SaveAsync(new SaveCountryCommand("UZ", "Uzbekistan", "UZS", 1.005m, true), "ops@test"));
        Assert.Contains("pointValue", decimals.Errors.Keys);

        // Partners in KZ settle in KZT: their contracts and ledgers keep it.
        var currency = await Assert.ThrowsAsync<ValidationException>(() => Countries.SaveAsync(new SaveCountryCommand("KZ", "Kazakhstan", "USD", 1m, true), "ops@test"));
        Assert.Contains("currency", currency.Errors.Keys);
        var home = await Assert.ThrowsAsync<ValidationException>(() => Countries.SaveAsync(new SaveCountryCommand("KZ", "Kazakhstan", "KZT", 1m, false), "ops@test"));
        Assert.Contains("isActive", home.Errors.Keys);

        await using var db = Database.Open();
        Assert.False(await db.Countries.AnyAsync());
        Assert.False(await db.AuditEvents.AnyAsync(e => e.Kind == "country.saved"));
    }
}
