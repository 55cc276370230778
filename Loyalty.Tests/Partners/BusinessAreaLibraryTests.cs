using System.Globalization;
using Loyalty.Core.Common;
using Loyalty.Core.Dashboard;
using Loyalty.Core.Partners;
using Loyalty.Core.Portal;
using Loyalty.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Tests.Partners;

/// <summary>The operator's library of business areas (decision 0180).</summary>
public class BusinessAreaLibraryTests : ScenarioTest
{
    private ManageBusinessAreas Areas => Database.Get<ManageBusinessAreas>();

    private Task<Guid> ApplyAsync(int? areaId, string email) => Database.Get<SubmitPartnerApplication>().HandleAsync(new PartnerApplicationForm(
        "Applicant " + email, null, null, areaId, "Almaty", null, null, "Saule", email, null), "KZ");

    [Fact]
    public async Task TheBuiltInAreas_AreSeededWithTheFormerEnumsIds_AndCountTheirPartners()
    {
        var rows = await Areas.ListAsync();
        Assert.Equal(Enumerable.Range(0, 8), rows.Select(r => r.Id).Order());
        var food = rows.Single(r => r.Id == BusinessArea.FoodRetail.Id);
        Assert.Equal(("Food retail", "Продукты", 1, true), (food.Name, food.NameRu, food.Partners, food.IsBuiltIn));
        Assert.True(rows.Single(r => r.Id == BusinessArea.Manufacturer.Id).IsManufacturer);
        Assert.Equal(1, rows.Count(r => r.IsManufacturer));
    }

    [Fact]
    public async Task TheOperatorAddsRenamesAndArchives_AndApplicantsSeeOnlyWhatIsOffered()
    {
        var bakeries = await Areas.SaveAsync(new SaveAreaCommand(null, " Bakeries ", "Пекарни", false), "ops@test");
        Assert.True(bakeries >= BusinessArea.FirstCustomId);
        var makers = await Areas.SaveAsync(new SaveAreaCommand(null, "Dairy makers", "Молочные производители", true), "ops@test");
        await Areas.SaveAsync(new SaveAreaCommand(bakeries, "Bakeries and cakes", "Пекарни и торты", false), "ops@test");

        var row = (await Areas.ListAsync()).Single(r => r.Id == bakeries);
        Assert.Equal(("Bakeries and cakes", "Пекарни и торты", false, false), (row.Name, row.NameRu, row.IsBuiltIn, row.IsArchived));
        Assert.Equal("Пекарни и торты", row.Label.Display(CultureInfo.GetCultureInfo("ru-RU")));
        Assert.Equal("Bakeries and cakes", row.Label.Display(CultureInfo.GetCultureInfo("en-US")));

        // An application picks an area from the library; the partner's abilities follow the area's kind, not its name.
        var bakery = await ApplyAsync(bakeries, "bake@test.kz");
        var dairy = await ApplyAsync(makers, "milk@test.kz");
        await using (var db = Database.Open())
        {
            var b = await db.Partners.SingleAsync(p => p.Id == bakery);
            Assert.Equal((bakeries, true, false), (b.AreaId, b.IsMerchant, b.IsManufacturer));
            var d = await db.Partners.SingleAsync(p => p.Id == dairy);
            Assert.Equal((makers, false, true), (d.AreaId, d.IsMerchant, d.IsManufacturer));
        }
        var application = (await Database.Get<ReviewPartnerApplication>().ListAsync()).Single(a => a.Id == bakery);
        Assert.Equal("Bakeries and cakes", application.Area.Name);

        // Archived: no longer offered, the partner keeps it and still shows its name.
        await Areas.SetArchivedAsync(bakeries, true, "ops@test");
        Assert.DoesNotContain(await Areas.OfferedAsync(), a => a.Id == bakeries);
        var refused = await Assert.ThrowsAsync<ValidationException>(() => ApplyAsync(bakeries, "late@test.kz"));
        Assert.Equal(["area"], refused.Errors.Keys);
        var archived = (await Areas.ListAsync()).Single(r => r.Id == bakeries);
        Assert.Equal((true, 1), (archived.IsArchived, archived.Partners));
        Assert.Equal("Bakeries and cakes", (await Database.Get<ReviewPartnerApplication>().ListAsync()).Single(a => a.Id == bakery).Area.Name);

        await Areas.SetArchivedAsync(bakeries, false, "ops@test");
        Assert.Contains(await Areas.OfferedAsync(), a => a.Id == bakeries);
        await using var check = Database.Open();
        Assert.Equal(5, await check.AuditEvents.CountAsync(e => e.Kind == "settings.area"));
    }

    [Fact]
    public async Task BadInput_GetsAHumanMessage_AndAnAreaInUse_IsArchivedNotDeleted()
    {
        var empty = await Assert.ThrowsAsync<ValidationException>(() => Areas.SaveAsync(new SaveAreaCommand(null, " ", "x", false), "ops@test"));
        Assert.Equal(["name", "nameRu"], empty.Errors.Keys.Order());
        Assert.Equal("Enter the area's name in English (2 to 60 characters).", empty.Errors["name"][0]);
        var duplicate = await Assert.ThrowsAsync<ValidationException>(() => Areas.SaveAsync(new SaveAreaCommand(null, "food RETAIL", "Продукты питания", false), "ops@test"));
        Assert.Equal("Another area already has this name.", duplicate.Errors["name"][0]);
        var tooLong = await Assert.ThrowsAsync<ValidationException>(() => Areas.SaveAsync(new SaveAreaCommand(null, new string('a', 61), "Пекарни", false), "ops@test"));
        Assert.Equal(["name"], tooLong.Errors.Keys);
        await Assert.ThrowsAsync<DomainException>(() => Areas.SaveAsync(new SaveAreaCommand(999, "Ghost", "Призрак", false), "ops@test"));
        var noArea = await Assert.ThrowsAsync<ValidationException>(() => ApplyAsync(null, "none@test.kz"));
        Assert.Equal("Choose your business area.", noArea.Errors["area"][0]);
        await Assert.ThrowsAsync<ValidationException>(() => ApplyAsync(12345, "unknown@test.kz"));

        // The scenario's partner is in Food retail: the kind stays, the area cannot be deleted.
        var kind = await Assert.ThrowsAsync<ValidationException>(() => Areas.SaveAsync(new SaveAreaCommand(BusinessArea.FoodRetail.Id, "Food retail", "Продукты", true), "ops@test"));
        Assert.Equal(["isManufacturer"], kind.Errors.Keys);
        var inUse = await Assert.ThrowsAsync<DomainException>(() => Areas.DeleteAsync(BusinessArea.FoodRetail.Id, "ops@test"));
        Assert.Equal("area-in-use", inUse.Code);
        var builtIn = await Assert.ThrowsAsync<DomainException>(() => Areas.DeleteAsync(BusinessArea.Pharmacy.Id, "ops@test"));
        Assert.Equal("area-built-in", builtIn.Code);

        var spare = await Areas.SaveAsync(new SaveAreaCommand(null, "Spare", "Запасная", false), "ops@test");
        await Areas.DeleteAsync(spare, "ops@test");
        await using var db = Database.Open();
        Assert.False(await db.BusinessAreas.AnyAsync(a => a.Id == spare));
        Assert.Equal(8, await db.BusinessAreas.CountAsync());
        Assert.Equal(2, await db.AuditEvents.CountAsync(e => e.Kind == "settings.area"));
    }

    [Fact]
    public async Task TheDashboardAndTheDirectory_ReadTheLibrary_SoARenameShowsEverywhere()
    {
        var member = await Scenario.RegisterAsync("+77015550901");
        await Scenario.BuyAsync(member.Id, 10_000m);
        await Areas.SaveAsync(new SaveAreaCommand(BusinessArea.FoodRetail.Id, "Groceries", "Бакалея", false), "ops@test");

        var breakdowns = await Database.Get<GetCoalitionBreakdowns>().HandleAsync(30);
        var slice = Assert.Single(breakdowns.ByArea);
        Assert.Equal(("Groceries", "Бакалея", 10_000_00L), (breakdowns.Area(slice).Name, breakdowns.Area(slice).NameRu, slice.Revenue));
        var dashboard = await Database.Get<GetOperatorDashboard>().HandleAsync(30);
        Assert.Equal("Groceries", Assert.Single(dashboard.ByArea).Area.Name);

        var directory = Database.Get<ListPartnerDirectory>();
        var inArea = await directory.HandleAsync(new DirectoryFilter(BusinessArea.FoodRetail.Id, null, null));
        Assert.Equal("Groceries", Assert.Single(inArea.Items).Area.Name);
        Assert.Equal(0, (await directory.HandleAsync(new DirectoryFilter(BusinessArea.Pharmacy.Id, null, null))).Total);
        Assert.Equal("Groceries", (await Database.Get<ListPartners>().HandleAsync()).Single(p => p.Id == Scenario.Partner.Id).Area.Name);
    }
}
