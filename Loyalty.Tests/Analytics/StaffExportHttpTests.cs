using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ClosedXML.Excel;
using Loyalty.Core.Identity;
using Loyalty.Core.Pos;
using Loyalty.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Analytics;

/// <summary>
/// The staff table through the whole app: a till reports its cashier and its cardless receipts over the POS API, the
/// partner's admin downloads the table as Excel, and a `partner=` of another partner in the link changes nothing.
/// </summary>
public class StaffExportHttpTests : IAsyncLifetime
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
        await _app.CreateStaffAsync("admin-a@test.local", Roles.PartnerAdmin, _a.Partner.Id);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private HttpClient Till(Scenario scenario)
    {
        var client = _app.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", scenario.ApiKey);
        return client;
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string path, object body, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        return await client.SendAsync(request);
    }

    [Fact]
    public async Task PosApi_CardlessReceipts_Created_Replayed_AndBadInputIsAProblem()
    {
        var till = Till(_a);
        var created = await PostAsync(till, "/api/pos/v1/receipts/anonymous", new { count = 2, amount = 1_500.50m, cashier = "Anna" }, "k-1");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var json = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
        Assert.Equal((2, 1_500.50m, "Anna"), (json.RootElement.GetProperty("count").GetInt32(), json.RootElement.GetProperty("amount").GetDecimal(), json.RootElement.GetProperty("cashier").GetString()));

        var replay = await PostAsync(till, "/api/pos/v1/receipts/anonymous", new { count = 2, amount = 1_500.50m, cashier = "Anna" }, "k-1");
        Assert.Equal(HttpStatusCode.Created, replay.StatusCode);
        Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replayed").Single());

        var bad = await PostAsync(till, "/api/pos/v1/receipts/anonymous", new { count = 0, amount = 10m }, "k-2");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);

        using var noKey = new HttpRequestMessage(HttpMethod.Post, "/api/pos/v1/receipts/anonymous") { Content = JsonContent.Create(new { count = 1, amount = 10m }) };
        Assert.Equal(HttpStatusCode.BadRequest, (await till.SendAsync(noKey)).StatusCode);
        var stranger = _app.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(stranger, "/api/pos/v1/receipts/anonymous", new { count = 1, amount = 10m }, "k-3")).StatusCode);
    }

    [Fact]
    public async Task StaffExport_HoldsTheAdminsOwnCashiers_EvenWithAnotherPartnerInTheLink()
    {
        var ours = await _a.RegisterAsync("+77015550401", "Aru");
        var theirs = await _b.RegisterAsync("+77015550402", "Bolat");
        var purchase = await PostAsync(Till(_a), "/api/pos/v1/purchases",
            new { customer = ours.Id, receiptNumber = "A-1", amount = 1_000m, redeemPoints = 0, cashier = "=HYPERLINK(\"http://evil\")" }, "p-1");
        Assert.Equal(HttpStatusCode.Created, purchase.StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await PostAsync(Till(_a), "/api/pos/v1/receipts/anonymous", new { count = 1, amount = 500m, cashier = "=HYPERLINK(\"http://evil\")" }, "c-1")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await PostAsync(Till(_b), "/api/pos/v1/purchases",
            new { customer = theirs.Id, receiptNumber = "B-1", amount = 700m, redeemPoints = 0, cashier = "Bolat's cashier" }, "p-2")).StatusCode);

        var admin = _app.CreateBrowserLikeClient();
        Assert.Equal(HttpStatusCode.Redirect, (await FormSignIn.StaffAsync(admin, "admin-a@test.local", "Passw0rd!")).StatusCode);
        var today = DateTime.UtcNow.Date;
        var link = $"/files/analytics/staff.xlsx?from={today.AddDays(-29):yyyy-MM-dd}&to={today.AddDays(2):yyyy-MM-dd}&partner={_b.Partner.Id}";
        var response = await admin.GetAsync(link);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        using var book = new XLWorkbook(await response.Content.ReadAsStreamAsync());
        var sheet = book.Worksheet(1);
        Assert.Equal("Cashier", sheet.Cell(4, 1).GetString());
        Assert.Equal(5, sheet.LastRowUsed().RowNumber());
        Assert.False(sheet.Cell(5, 1).HasFormula);
        Assert.Equal(2, sheet.Cell(5, 2).GetValue<int>());
        Assert.Equal(0.5m, sheet.Cell(5, 5).GetValue<decimal>());
        Assert.DoesNotContain(sheet.CellsUsed(), c => c.GetString().Contains("Bolat"));
    }
}
