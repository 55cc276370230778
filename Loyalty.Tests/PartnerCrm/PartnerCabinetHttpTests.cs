using System.Net;
using ClosedXML.Excel;
using Loyalty.Core.Identity;
using Loyalty.Core.PartnerCrm;
using Loyalty.Tests.Infrastructure;
using Loyalty.Web.PartnerCrm;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.PartnerCrm;

/// <summary>The cabinet's Excel export and pages through the whole app: cookies, policies, the partner claim.</summary>
public class PartnerCabinetHttpTests : IAsyncLifetime
{
    private readonly LoyaltyWebFactory _app = new();
    private Scenario _a = default!;
    private Scenario _b = default!;

    public async Task InitializeAsync()
    {
        _app.Settings["Jobs:Enabled"] = "false";
        _ = _app.Server;
        _a = await Scenario.CreateAsync(_app.Services);
        _b = await Scenario.CreateAsync(_app.Services);
        var ours = await _a.RegisterAsync("+77015550301", "=HYPERLINK(\"http://evil\")");
        var theirs = await _b.RegisterAsync("+77015550302", "Bolat");
        await _a.BuyAsync(ours.Id, 100m);
        await _b.BuyAsync(theirs.Id, 100m);
        await _app.CreateStaffAsync("admin-a@test.local", Roles.PartnerAdmin, _a.Partner.Id);
        await _app.CreateStaffAsync("cashier-a@test.local", Roles.PartnerCashier, _a.Partner.Id);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task<HttpClient> SignedInAsync(string email)
    {
        var client = _app.CreateBrowserLikeClient();
        var signIn = await FormSignIn.StaffAsync(client, email, "Passw0rd!");
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        return client;
    }

    [Fact]
    public async Task Export_GivesTheAdminOnlyTheirCustomers_WithFormulasDefused()
    {
        var client = await SignedInAsync("admin-a@test.local");
        var response = await client.GetAsync(CustomerExportEndpoints.Url(CustomerFilter.None));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var workbook = new XLWorkbook(await response.Content.ReadAsStreamAsync());
        var sheet = workbook.Worksheet("Customers");
        Assert.Equal("Name", sheet.Cell(1, 1).GetString());
        Assert.Equal(2, sheet.LastRowUsed().RowNumber());
        var name = sheet.Cell(2, 1);
        Assert.False(name.HasFormula);
        Assert.Equal("'=HYPERLINK(\"http://evil\")", name.GetString());
        Assert.DoesNotContain(sheet.CellsUsed(), c => c.GetString().Contains("Bolat"));
    }

    [Fact]
    public async Task Export_IsRefusedToCashiersAndStrangers_AndADamagedFilterIsAProblem()
    {
        var cashier = await SignedInAsync("cashier-a@test.local");
        var refused = await cashier.GetAsync(CustomerExportEndpoints.Path);
        Assert.NotEqual(HttpStatusCode.OK, refused.StatusCode);
        Assert.DoesNotContain("spreadsheetml", refused.Content.Headers.ContentType?.MediaType ?? "");

        var anonymous = await _app.CreateBrowserLikeClient().GetAsync(CustomerExportEndpoints.Path);
        Assert.NotEqual(HttpStatusCode.OK, anonymous.StatusCode);

        var admin = await SignedInAsync("admin-a@test.local");
        var damaged = await admin.GetAsync(CustomerExportEndpoints.Path + "?filter=@@@@");
        Assert.True(damaged.StatusCode == HttpStatusCode.BadRequest, $"{damaged.StatusCode}: {await damaged.Content.ReadAsStringAsync()}");
    }

    [Fact]
    public async Task CustomerCard_OfAnotherPartnersMember_ByEditingTheUrl_ShowsNothingOfThem()
    {
        var admin = await SignedInAsync("admin-a@test.local");
        var theirs = (await _app.Services.GetRequiredService<ListPartnerCustomers>()
            .HandleAsync(PartnerStaff.Admin(_b.Partner.Id), new PartnerCustomerQuery(CustomerFilter.None, 0, 10))).Items.Single();
        var page = await admin.GetStringAsync($"/partner/customers/{theirs.Id}");
        Assert.Contains("not one of yours", page);
        Assert.DoesNotContain("Bolat", page);
    }

    [Fact]
    public async Task Cashier_LandsOnTheCashierView_AndCannotOpenCustomers()
    {
        var cashier = await SignedInAsync("cashier-a@test.local");
        var customers = await cashier.GetAsync("/partner/customers");
        Assert.NotEqual(HttpStatusCode.OK, customers.StatusCode);
        var till = await cashier.GetAsync("/partner/cashier");
        Assert.Equal(HttpStatusCode.OK, till.StatusCode);
    }
}
