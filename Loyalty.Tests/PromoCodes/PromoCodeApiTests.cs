using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Loyalty.Core.Common;
using Loyalty.Core.Identity;
using Loyalty.Core.Partners;
using Loyalty.Core.PromoCodes;
using Loyalty.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.PromoCodes;

/// <summary>The POS activation endpoint and the audited print-file download, through the whole app pipeline.</summary>
public class PromoCodeApiTests : IAsyncLifetime
{
    private readonly LoyaltyWebFactory _app = new();
    private Scenario _scenario = default!;
    private HttpClient _client = default!;
    private Partner _maker = default!;
    private int _batch;
    private IReadOnlyList<string> _codes = [];

    public async Task InitializeAsync()
    {
        _app.Settings["Jobs:Enabled"] = "false";
        _client = _app.CreateClient();
        _scenario = await Scenario.CreateAsync(_app.Services);
        _client.DefaultRequestHeaders.Add("X-Api-Key", _scenario.ApiKey);
        var now = DateTime.UtcNow;
        _maker = new Partner("Pasta Co", "pasta-" + Guid.NewGuid().ToString("N")[..8], BusinessArea.Manufacturer, "KZ", "KZT", "Asia/Almaty", now);
        await using (var db = _app.Services.GetRequiredService<ILoyaltyDbFactory>().Create())
        {
            db.Partners.Add(_maker);
            await db.SaveChangesAsync();
        }
        var services = _app.Services;
        var product = await services.GetRequiredService<SaveProduct>().HandleAsync(_maker.Id, new SaveProductCommand(null, "P-1", "Penne", "Pasta Co", 5, null), "m");
        var application = await services.GetRequiredService<SubmitCodeApplication>().HandleAsync(_maker.Id, new SubmitCodeApplicationCommand(product, 3, "Sample run"), "m");
        _batch = await services.GetRequiredService<ReviewCodeApplication>().ApproveAsync(application, "op");
        await services.GetRequiredService<GenerateCodes>().HandleAsync();
        _codes = services.GetRequiredService<PrintFiles>().ReadCodes(_batch).Select(c => c.Code).ToList();
        await _scenario.RegisterAsync("+77015556001");
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Pos_activates_a_code_once_and_answers_problems_for_the_rest()
    {
        var ok = await _client.PostAsJsonAsync("/api/pos/v1/promo-codes/activate", new { customer = "+7 701 555 60 01", code = _codes[0] });
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        using (var json = JsonDocument.Parse(await ok.Content.ReadAsStringAsync()))
        {
            Assert.Equal(5m, json.RootElement.GetProperty("points").GetDecimal());
            Assert.Equal(5m, json.RootElement.GetProperty("promoBalance").GetDecimal());
            Assert.Equal("Penne", json.RootElement.GetProperty("product").GetString());
        }

        await AssertProblemAsync(await _client.PostAsJsonAsync("/api/pos/v1/promo-codes/activate", new { customer = "+77015556001", code = _codes[0] }), 409, "code-already-used");
        await AssertProblemAsync(await _client.PostAsJsonAsync("/api/pos/v1/promo-codes/activate", new { customer = "+77015556001", code = "not a code" }), 400, "validation");
        await AssertProblemAsync(await _client.PostAsJsonAsync("/api/pos/v1/promo-codes/activate", new { customer = "+77015556001", code = PromoCodeFormat.Generate() }), 404, "code-not-found");
        await AssertProblemAsync(await _client.PostAsJsonAsync("/api/pos/v1/promo-codes/activate", new { customer = "+77019999999", code = _codes[1] }), 404, "customer-not-found");
        await AssertProblemAsync(await _client.PostAsync("/api/pos/v1/promo-codes/activate", new StringContent("{", System.Text.Encoding.UTF8, "application/json")), 400, "bad-request");
    }

    [Fact]
    public async Task Print_files_download_only_for_staff_of_the_batch_and_every_download_is_audited()
    {
        await _app.CreateStaffAsync("ops@test.local", Roles.OperatorStaff);
        await _app.CreateStaffAsync("other@test.local", Roles.PartnerAdmin, _scenario.Partner.Id);
        var anonymous = await _app.CreateBrowserLikeClient().GetAsync($"/files/promo-batches/{_batch}/codes.csv");
        Assert.NotEqual(HttpStatusCode.OK, anonymous.StatusCode);

        var otherPartner = _app.CreateBrowserLikeClient();
        await FormSignIn.StaffAsync(otherPartner, "other@test.local", "Passw0rd!");
        Assert.Equal(HttpStatusCode.NotFound, (await otherPartner.GetAsync($"/files/promo-batches/{_batch}/codes.csv")).StatusCode);

        var staff = _app.CreateBrowserLikeClient();
        await FormSignIn.StaffAsync(staff, "ops@test.local", "Passw0rd!");
        var csv = await staff.GetStringAsync($"/files/promo-batches/{_batch}/codes.csv");
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(PrintFiles.CsvHeader, lines[0]);
        Assert.Equal(_codes, lines.Skip(1).Select(l => l.Split(',')[1]));

        await using var db = _app.Services.GetRequiredService<ILoyaltyDbFactory>().Create();
        var audit = db.AuditEvents.Where(e => e.Kind == "codes.downloaded").Select(e => e.Actor).ToList();
        Assert.Equal(["ops@test.local"], audit);
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, int status, string type)
    {
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.EndsWith("/" + type, json.RootElement.GetProperty("type").GetString());
    }
}
