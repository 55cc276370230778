using System.Net;
using ClosedXML.Excel;
using Loyalty.Core.Campaigns;
using Loyalty.Core.Common;
using Loyalty.Core.Identity;
using Loyalty.Core.Referrals;
using Loyalty.Core.Segments;
using Loyalty.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Analytics;

/// <summary>
/// The engine's tables as Excel over real HTTP (Kestrel on loopback) on real SQLite: RFM sizes, moves and a segment's members,
/// a campaign's results with its A/B arms, referral totals. A partner gets its own data whatever the link says (decision 0160).
/// </summary>
public class EngineExportTests : IAsyncLifetime
{
    private readonly LoyaltyWebFactory _app = new();
    private HttpClient _operator = default!, _mine = default!, _other = default!;
    private Scenario _minePartner = default!, _otherPartner = default!;

    public async Task InitializeAsync()
    {
        _app.Settings["Jobs:Enabled"] = "false";
        _app.UseKestrel(0);
        _app.StartServer();
        _minePartner = await Scenario.CreateAsync(_app.Services);
        _otherPartner = await Scenario.CreateAsync(_app.Services);
        await _app.CreateStaffAsync("ops@test.local", Roles.OperatorStaff);
        await _app.CreateStaffAsync("admin@mine.local", Roles.PartnerAdmin, _minePartner.Partner.Id);
        await _app.CreateStaffAsync("admin@other.local", Roles.PartnerMarketer, _otherPartner.Partner.Id);
        _operator = await SignedInAsync("ops@test.local");
        _mine = await SignedInAsync("admin@mine.local");
        _other = await SignedInAsync("admin@other.local");
    }

    public async Task DisposeAsync()
    {
        foreach (var client in new[] { _operator, _mine, _other }) client?.Dispose();
        await _app.DisposeAsync();
    }

    private async Task<HttpClient> SignedInAsync(string email)
    {
        // Kestrel on loopback: the browser-like client needs the real address (the default is the in-memory host's).
        using var probe = _app.CreateClient();
        var client = _app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions
            { AllowAutoRedirect = false, HandleCookies = true, BaseAddress = probe.BaseAddress! });
        await FormSignIn.StaffAsync(client, email, "Passw0rd!");
        return client;
    }

    private T Get<T>() where T : notnull => _app.Services.GetRequiredService<T>();

    private static async Task<XLWorkbook> WorkbookAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode}");
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType!.MediaType);
        return new XLWorkbook(new MemoryStream(await response.Content.ReadAsByteArrayAsync()));
    }

    /// <summary>A sheet's data rows (under the header on row 4) as text, numbers in invariant form.</summary>
    private static List<string[]> Rows(IXLWorksheet sheet)
    {
        var last = sheet.LastRowUsed()?.RowNumber() ?? 4;
        var width = sheet.Row(4).LastCellUsed()?.Address.ColumnNumber ?? 1;
        return Enumerable.Range(5, Math.Max(0, last - 4)).Select(r => Enumerable.Range(1, width).Select(c =>
        {
            var v = sheet.Cell(r, c).Value;
            return v is double d ? d.ToString(System.Globalization.CultureInfo.InvariantCulture) : v?.ToString() ?? "";
        }).ToArray()).ToList();
    }

    [Fact]
    public async Task RfmTables_AreExcel_AndAPartnerGetsOnlyItsOwnScope()
    {
        var names = new[] { "Aida", "Bolat", "Chingis" };
        for (var i = 0; i < names.Length; i++)
        {
            var member = await _minePartner.RegisterAsync($"+7701555100{i}", names[i]);
            await _minePartner.BuyAsync(member.Id, 1_000m * (i + 1));
        }
        var stranger = await _otherPartner.RegisterAsync("+77015552000", "Stranger");
        await _otherPartner.BuyAsync(stranger.Id, 5_000m);
        await Get<RecalculateSegments>().HandleAsync();
        await using (var db = Get<ILoyaltyDbFactory>().Create())
        {
            var day = DateTime.UtcNow.Date;
            await db.Database.ExecuteSqlAsync($"""INSERT INTO "RfmTransitions" ("PartnerId", "Day", "FromSegment", "ToSegment", "Customers") VALUES ({_minePartner.Partner.Id}, {day}, {(int)RfmSegment.New}, {(int)RfmSegment.Loyal}, 7)""");
            await db.Database.ExecuteSqlAsync($"""INSERT INTO "RfmTransitions" ("PartnerId", "Day", "FromSegment", "ToSegment", "Customers") VALUES ({_otherPartner.Partner.Id}, {day}, {(int)RfmSegment.New}, {(int)RfmSegment.Lost}, 11)""");
        }

        // The partner asks for the other partner's scope: it gets its own three members.
        using (var book = await WorkbookAsync(_mine, $"/files/rfm/segments.xlsx?partner={_otherPartner.Partner.Id}"))
        {
            Assert.Equal(2, book.Worksheets.Count);
            Assert.Equal(3m, Rows(book.Worksheet(1)).Sum(r => decimal.Parse(r[1], System.Globalization.CultureInfo.InvariantCulture)));
            Assert.Equal(10, Rows(book.Worksheet(1)).Count); // every named segment, empty ones too
        }
        using (var book = await WorkbookAsync(_operator, "/files/rfm/segments.xlsx"))
            Assert.Equal(4m, Rows(book.Worksheet(1)).Sum(r => decimal.Parse(r[1], System.Globalization.CultureInfo.InvariantCulture)));
        using (var book = await WorkbookAsync(_operator, $"/files/rfm/segments.xlsx?partner={_otherPartner.Partner.Id}"))
            Assert.Equal(1m, Rows(book.Worksheet(1)).Sum(r => decimal.Parse(r[1], System.Globalization.CultureInfo.InvariantCulture)));

        using (var book = await WorkbookAsync(_mine, $"/files/rfm/moves.xlsx?partner={_otherPartner.Partner.Id}"))
            Assert.Equal("7", Assert.Single(Rows(book.Worksheet(1)))[3]);

        RfmSegment segment;
        await using (var db = Get<ILoyaltyDbFactory>().Create())
            segment = (await db.CustomerProfiles.Where(p => p.PartnerId == _minePartner.Partner.Id && p.Segment != null).Select(p => p.Segment!.Value).ToListAsync())
                .GroupBy(s => s).OrderByDescending(g => g.Count()).First().Key;
        using (var book = await WorkbookAsync(_mine, $"/files/rfm/members.xlsx?segment={segment}&partner={_otherPartner.Partner.Id}"))
        {
            var rows = Rows(book.Worksheet(1));
            Assert.NotEmpty(rows);
            Assert.All(rows, r => Assert.Contains(r[0], names));
        }
        Assert.Equal(HttpStatusCode.BadRequest, (await _mine.GetAsync("/files/rfm/members.xlsx")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _mine.GetAsync("/files/rfm/everything.xlsx")).StatusCode);

        await using (var db = Get<ILoyaltyDbFactory>().Create())
            Assert.Equal(5, await db.AuditEvents.CountAsync(e => e.Kind == "rfm.exported"));
    }

    [Fact]
    public async Task CampaignResults_WithTheirArms_AreExcel_ForTheOwnerOnly()
    {
        var members = new List<Guid>();
        for (var i = 0; i < 6; i++) members.Add((await _minePartner.RegisterAsync($"+7701555300{i}")).Id);
        var now = DateTime.UtcNow;
        var segment = new Segment(_minePartner.Partner.Id, "Audience", SegmentKind.Static, "{}", now);
        await using (var db = Get<ILoyaltyDbFactory>().Create())
        {
            db.Segments.Add(segment);
            await db.SaveChangesAsync();
            foreach (var m in members) await db.Database.ExecuteSqlAsync($"""INSERT INTO "SegmentMembers" ("SegmentId", "CustomerId") VALUES ({segment.Id}, {m})""");
        }
        var id = await Get<SaveCampaign>().HandleAsync(_minePartner.Partner.Id, null,
            new CampaignForm("Double for the list", null, CampaignType.PurchaseBonus, now.AddMinutes(-5), now.AddDays(10), RewardKind.Multiplier, 2,
                SegmentId: segment.Id, ControlPercent: 50));
        await Get<ChangeCampaignStatus>().HandleAsync(_minePartner.Partner.Id, id, CampaignAction.Launch);
        foreach (var m in members) await _minePartner.BuyAsync(m, 1_000m);

        using (var book = await WorkbookAsync(_mine, $"/files/campaigns/{id}/results.xlsx"))
        {
            Assert.Equal(["Results", "AB test", "Points given per day"], book.Worksheets.Select(w => w.Name).ToArray());
            var arms = Rows(book.Worksheet(2)).Where(r => r[0] is "Variant A" or "Control").ToList();
            Assert.Equal(6m, arms.Sum(r => decimal.Parse(r[1], System.Globalization.CultureInfo.InvariantCulture)));
            Assert.Equal(6m, arms.Sum(r => decimal.Parse(r[2], System.Globalization.CultureInfo.InvariantCulture))); // everyone bought
        }
        Assert.Equal(HttpStatusCode.NotFound, (await _other.GetAsync($"/files/campaigns/{id}/results.xlsx")).StatusCode);
        // The console's results cover the operator's own campaigns, like its results page.
        Assert.Equal(HttpStatusCode.NotFound, (await _operator.GetAsync($"/files/campaigns/{id}/results.xlsx")).StatusCode);
    }

    [Fact]
    public async Task ReferralTotals_AreAnAnalyticsTable_PerPartner()
    {
        var referrer = await _minePartner.RegisterAsync("+77015554000", "Referrer");
        var friend = await _minePartner.RegisterAsync("+77015554001", "Friend");
        await Get<SetReferrer>().HandleAsync(friend.Id, "+77015554000", "test", "KZ");
        await _minePartner.BuyAsync(friend.Id, 10_000m);
        await Get<ProcessReferralRewards>().HandleAsync();
        var today = DateTime.UtcNow.Date;
        var link = $"/files/analytics/referrals.xlsx?from={today.AddDays(-30):yyyy-MM-dd}&to={today.AddDays(1):yyyy-MM-dd}";

        using (var book = await WorkbookAsync(_mine, link + $"&partner={_otherPartner.Partner.Id}"))
        {
            var level = Assert.Single(Rows(book.Worksheet(1)));
            Assert.Equal(["Level 1", "1", "1", "1", "10000"], level[..5]);
            Assert.Equal("300", level[5]); // 3 % of 10,000
        }
        using (var book = await WorkbookAsync(_other, link))
            Assert.Empty(Rows(book.Worksheet(1)));
        using (var book = await WorkbookAsync(_operator, link))
            Assert.Equal("Level 1", Assert.Single(Rows(book.Worksheet(1)))[0]);
    }
}
