using System.IO.Compression;
using System.Net;
using System.Text.Json;
using Loyalty.Core.Common;
using Loyalty.Core.Customers;
using Loyalty.Core.Identity;
using Loyalty.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Cards;

/// <summary>Card print files over real HTTP on loopback (Kestrel), as operator staff, a partner admin and nobody.</summary>
public class CardPrintFileHttpTests : IAsyncLifetime
{
    private readonly LoyaltyWebFactory _app = new();
    private Uri _base = default!;

    public async Task InitializeAsync()
    {
        _app.Settings["Jobs:Enabled"] = "false";
        _app.UseKestrel(0);
        _app.StartServer();
        _base = _app.CreateClient().BaseAddress!;
        await _app.CreateStaffAsync("print@ops.test", Roles.OperatorStaff);
        var partner = await Scenario.CreateAsync(_app.Services);
        await _app.CreateStaffAsync("admin@partner.test", Roles.PartnerAdmin, partner.Partner.Id);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private HttpClient Client() => new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() }) { BaseAddress = _base };

    private async Task<HttpClient> SignedInAsync(string email)
    {
        var client = Client();
        var page = await client.GetStringAsync("/account/login");
        var token = System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        var signIn = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["_handler"] = "staff-login", ["Input.Email"] = email, ["Input.Password"] = "Passw0rd!",
        }));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        return client;
    }

    private Task<CardBatch> IssueAsync(string name, int count) =>
        _app.Services.GetRequiredService<IssueCardBatch>().HandleAsync(new IssueCardBatchCommand(name, count, "issuer@ops.test"));

    [Fact]
    public async Task OperatorStaff_DownloadCsvSheetsAndProof_ThatScan_AndEachDownloadIsInTheDataLog()
    {
        var batch = await IssueAsync("Print order 7", 25);
        var client = await SignedInAsync("print@ops.test");
        var expected = Enumerable.Range(0, 25).Select(i => CardNumber.Complete((batch.FirstBody + i).ToString("D15"))).ToList();

        var csv = await client.GetAsync($"/files/cards/{batch.Id}/cards.csv");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        Assert.Equal($"cards-{batch.FirstNumber}.csv", csv.Content.Headers.ContentDisposition!.FileNameStar ?? csv.Content.Headers.ContentDisposition.FileName);
        var lines = (await csv.Content.ReadAsStringAsync()).TrimEnd('\n').Split('\n');
        Assert.Equal("number,printed,sheet,position", lines[0]);
        Assert.Equal(expected, lines.Skip(1).Select(l => l.Split(',')[0]));
        Assert.Equal($"{expected[0]},{expected[0][..4]} {expected[0][4..8]} {expected[0][8..12]} {expected[0][12..]},1,1", lines[1]);
        Assert.EndsWith(",3,5", lines[^1]); // card 25 is the fifth on the third sheet of ten

        var zip = await client.GetAsync($"/files/cards/{batch.Id}/sheets.zip?codes=code128");
        Assert.Equal(HttpStatusCode.OK, zip.StatusCode);
        Assert.Equal("application/zip", zip.Content.Headers.ContentType!.MediaType);
        using (var archive = new ZipArchive(new MemoryStream(await zip.Content.ReadAsByteArrayAsync())))
        {
            Assert.Equal([$"sheet-000001-{expected[0]}.svg", $"sheet-000002-{expected[10]}.svg", $"sheet-000003-{expected[20]}.svg"], archive.Entries.Select(e => e.FullName));
            using var reader = new StreamReader(archive.Entries[2].Open());
            var found = await BarcodeScanner.ScanSvgAsync(await reader.ReadToEndAsync());
            Assert.Equal(expected.Skip(20).Select(n => "CODE-128:" + n).Order(), found.Order());
        }

        var proof = await client.GetAsync($"/files/cards/{batch.Id}/sheet.svg?codes=both&sheet=2");
        Assert.Equal(HttpStatusCode.OK, proof.StatusCode);
        Assert.Equal("image/svg+xml", proof.Content.Headers.ContentType!.MediaType);
        var scanned = await BarcodeScanner.ScanSvgAsync(await proof.Content.ReadAsStringAsync());
        Assert.Equal(expected.Skip(10).Take(10).SelectMany(n => new[] { "CODE-128:" + n, "QR-Code:" + n }).Order(), scanned.Order());

        await using var db = _app.Services.GetRequiredService<ILoyaltyDbFactory>().Create();
        var log = await db.AuditEvents.AsNoTracking().Where(e => e.Kind == "cards.downloaded").OrderBy(e => e.Id).ToListAsync();
        Assert.Equal(3, log.Count);
        Assert.All(log, e => Assert.Equal("print@ops.test", e.Actor));
        Assert.All(log, e => Assert.Contains("Print order 7", e.Summary));
        Assert.StartsWith("cards.csv of card batch", log[0].Summary);
        Assert.StartsWith("sheets.zip (Code128)", log[1].Summary);
        Assert.StartsWith("sheet 2 of 3 (Both)", log[2].Summary);
    }

    [Fact]
    public async Task Refusals_AreProblemDetails_AndNothingIsLogged()
    {
        var batch = await IssueAsync("Print order 8", 3);
        var staff = await SignedInAsync("print@ops.test");
        var partner = await SignedInAsync("admin@partner.test");

        foreach (var url in new[] { "cards.csv", "sheets.zip", "sheet.svg" }.Select(f => $"/files/cards/{batch.Id}/{f}"))
        {
            await AssertProblemAsync(await Client().GetAsync(url), HttpStatusCode.Unauthorized, "sign-in-required");
            await AssertProblemAsync(await partner.GetAsync(url), HttpStatusCode.Forbidden, "forbidden");
        }
        await AssertProblemAsync(await staff.GetAsync($"/files/cards/{Guid.NewGuid()}/cards.csv"), HttpStatusCode.NotFound, "batch-not-found");
        await AssertProblemAsync(await staff.GetAsync($"/files/cards/{batch.Id}/sheets.zip?codes=ean13"), HttpStatusCode.BadRequest, "bad-codes");
        await AssertProblemAsync(await staff.GetAsync($"/files/cards/{batch.Id}/sheet.svg?sheet=2"), HttpStatusCode.NotFound, "no-such-sheet");

        await using var db = _app.Services.GetRequiredService<ILoyaltyDbFactory>().Create();
        Assert.Equal(0, await db.AuditEvents.CountAsync(e => e.Kind == "cards.downloaded"));
    }

    /// <summary>
    /// A print run above the old 100,000 limit streams: no Content-Length (the file is never built whole), every number
    /// in order once, and the last row is the batch's last number.
    /// </summary>
    [Fact]
    public async Task ABatchOf100001Cards_StreamsEveryNumberInOrder()
    {
        var batch = await IssueAsync("Large order", 100_001);
        var client = await SignedInAsync("print@ops.test");

        using var response = await client.GetAsync($"/files/cards/{batch.Id}/cards.csv", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(response.Content.Headers.ContentLength);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        Assert.Equal("number,printed,sheet,position", await reader.ReadLineAsync());
        long body = batch.FirstBody;
        var rows = 0;
        while (await reader.ReadLineAsync() is { } line)
        {
            Assert.True(line.StartsWith(CardNumber.Complete(body.ToString("D15")) + ",", StringComparison.Ordinal), $"row {rows + 1}: {line}");
            body++;
            rows++;
        }
        Assert.Equal(100_001, rows);

        using var zip = await client.GetAsync($"/files/cards/{batch.Id}/sheets.zip?codes=code128", HttpCompletionOption.ResponseHeadersRead);
        Assert.Null(zip.Content.Headers.ContentLength);
        await using var archive = await ZipArchive.CreateAsync(await zip.Content.ReadAsStreamAsync(), ZipArchiveMode.Read, false, null);
        Assert.Equal(10_001, archive.Entries.Count);
        Assert.Equal($"sheet-010001-{batch.LastNumber}.svg", archive.Entries[^1].FullName);
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("https://loyalty.local/problems/" + code, json.RootElement.GetProperty("type").GetString());
        Assert.Equal((int)status, json.RootElement.GetProperty("status").GetInt32());
    }
}
