using System.Net;
using Loyalty.Core.Identity;
using Loyalty.Core.PartnerCrm;
using Loyalty.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Partners;

/// <summary>The operator's page of one partner (contract, rewards, stores, staff, counterparts) over real HTTP.</summary>
public class OperatorPartnerPageTests : IAsyncLifetime
{
    private readonly LoyaltyWebFactory _app = new();
    private Scenario _a = default!;

    public async Task InitializeAsync()
    {
        _app.Settings["Jobs:Enabled"] = "false";
        _ = _app.Server;
        _a = await Scenario.CreateAsync(_app.Services);
        await _app.CreateStaffAsync("ops@test.local", Roles.OperatorStaff);
        await _app.CreateStaffAsync("admin-a@test.local", Roles.PartnerAdmin, _a.Partner.Id);
        await _app.Services.GetRequiredService<SaveCounterpart>().HandleAsync(PartnerStaff.Admin(_a.Partner.Id), null,
            new CounterpartForm(CounterpartKind.Supplier, "Gulnara Supplier", "Dairy LLP", "Account manager", "g@dairy.example", null, "Delivers Mondays"));
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task TheOperator_SeesThePartnersContractStoresStaffAndCounterparts_APartnerAdminDoesNot()
    {
        var operatorClient = _app.CreateBrowserLikeClient();
        Assert.Equal(HttpStatusCode.Redirect, (await FormSignIn.StaffAsync(operatorClient, "ops@test.local", "Passw0rd!")).StatusCode);
        var html = WebUtility.HtmlDecode(await operatorClient.GetStringAsync($"/operator/partners/{_a.Partner.Id}"));
        Assert.Contains(_a.Partner.Name, html);
        Assert.Contains(_a.Store.Name, html);
        Assert.Contains("admin-a@test.local", html);
        Assert.Contains("Gulnara Supplier", html);
        Assert.Contains("contract-point-value", html);
        Assert.Contains("This partner does not exist.", WebUtility.HtmlDecode(await operatorClient.GetStringAsync($"/operator/partners/{Guid.NewGuid()}")));

        var partnerClient = _app.CreateBrowserLikeClient();
        await FormSignIn.StaffAsync(partnerClient, "admin-a@test.local", "Passw0rd!");
        Assert.NotEqual(HttpStatusCode.OK, (await partnerClient.GetAsync($"/operator/partners/{_a.Partner.Id}")).StatusCode);
    }
}
