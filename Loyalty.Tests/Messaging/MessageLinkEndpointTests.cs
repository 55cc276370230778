using System.Net;
using Loyalty.Core.Common;
using Loyalty.Core.Identity;
using Loyalty.Core.Messaging;
using Loyalty.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Messaging;

/// <summary>The links inside messages over real HTTP: unsubscribe page and one-click POST, open pixel, tracked redirect, forged links.</summary>
public class MessageLinkEndpointTests : IAsyncLifetime
{
    private readonly LoyaltyWebFactory _app = new();
    private HttpClient _client = default!;
    private Scenario _scenario = default!;

    public async Task InitializeAsync()
    {
        _app.Settings["Jobs:Enabled"] = "false";
        _app.Settings["Messaging:PublicBaseUrl"] = "https://onecard.test";
        _client = _app.CreateBrowserLikeClient();
        _scenario = await Scenario.CreateAsync(_app.Services);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private T Get<T>() where T : notnull => _app.Services.GetRequiredService<T>();

    private async Task<(Guid Customer, long MessageId, MessageLinks Links)> SentEmailAsync(string phone)
    {
        var member = await _scenario.RegisterAsync(phone, "Aru");
        await Get<ContactPreferences>().SaveAsync(member.Id, $"{phone[1..]}@example.com", emailConsent: true, smsConsent: false);
        await _scenario.BuyAsync(member.Id, 100m);
        var mailing = await Get<SaveMailing>().HandleAsync(_scenario.Partner.Id, null,
            new MailingDraft("News", MessageChannel.Email, "Hi", "Visit https://shop.example/a", null, AudienceDefinition.All), "x");
        await Get<ScheduleMailing>().HandleAsync(_scenario.Partner.Id, mailing, MailingAction.SendNow, null, "x");
        await Get<QueueDueMailings>().HandleAsync();
        await using var db = Get<ILoyaltyDbFactory>().Create();
        var id = await db.OutgoingMessages.Where(m => m.MailingId == mailing && m.CustomerId == member.Id).Select(m => m.Id).SingleAsync();
        return (member.Id, id, Get<MessageLinks>());
    }

    private static string Path(string url) => new Uri(url).PathAndQuery;

    [Fact]
    public async Task UnsubscribeLink_ShowsAPage_AndWithdrawsConsentAtOnce()
    {
        var (customer, id, links) = await SentEmailAsync("+77015550101");
        var response = await _client.GetAsync(Path(links.UnsubscribeUrl(id)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("You are unsubscribed", await response.Content.ReadAsStringAsync());
        Assert.False((await Get<ContactPreferences>().GetAsync(customer)).EmailConsent);

        var forged = await _client.GetAsync("/u/AAAAAAAAAAEAAAAAAAAAAAAAAAAA");
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Contains("This link is not valid", await forged.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task OneClickPost_FromTheMailClient_Unsubscribes()
    {
        var (customer, id, links) = await SentEmailAsync("+77015550102");
        var response = await _client.PostAsync(Path(links.UnsubscribeUrl(id)), new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False((await Get<ContactPreferences>().GetAsync(customer)).EmailConsent);
    }

    [Fact]
    public async Task Pixel_And_TrackedLink_RecordEngagement_AndRefuseForgedTargets()
    {
        var (_, id, links) = await SentEmailAsync("+77015550103");
        var pixel = await _client.GetAsync(Path(links.OpenPixelUrl(id)));
        Assert.Equal("image/gif", pixel.Content.Headers.ContentType?.MediaType);

        var click = await _client.GetAsync(Path(links.ClickUrl(id, "https://shop.example/a")));
        Assert.Equal(HttpStatusCode.Redirect, click.StatusCode);
        Assert.Equal("https://shop.example/a", click.Headers.Location!.ToString());

        var token = Path(links.ClickUrl(id, "https://shop.example/a")).Split('?')[0];
        var redirect = await _client.GetAsync(token + "?u=" + Uri.EscapeDataString("https://evil.example/"));
        Assert.Equal(HttpStatusCode.BadRequest, redirect.StatusCode);
        Assert.Equal("application/problem+json", redirect.Content.Headers.ContentType?.MediaType);

        await using var db = Get<ILoyaltyDbFactory>().Create();
        var row = await db.OutgoingMessages.AsNoTracking().SingleAsync(m => m.Id == id);
        Assert.NotNull(row.OpenedAt);
        Assert.NotNull(row.ClickedAt);
    }

    [Fact]
    public async Task MessageLog_ShowsAPartnerOnlyItsOwnMessages_AndTheOperatorEverything()
    {
        await SentEmailAsync("+77015550104");
        var other = await Scenario.CreateAsync(_app.Services);
        await Get<RequestSignInCode>().HandleAsync("+77015550105", "KZ");
        var query = new MessageQuery(null, null, null, null, null, null, 0, 50);

        var own = await Get<SearchMessages>().HandleAsync(_scenario.Partner.Id, query);
        Assert.Equal(1, own.Total);
        Assert.Equal(0, (await Get<SearchMessages>().HandleAsync(other.Partner.Id, query)).Total);
        var all = await Get<SearchMessages>().HandleAsync(null, query);
        Assert.Equal(2, all.Total);
        Assert.Contains(all.Items, m => m.IsTransactional && m.Channel == MessageChannel.Sms);
        Assert.Equal(1, (await Get<SearchMessages>().HandleAsync(null, query with { Channel = MessageChannel.Email })).Total);
        Assert.Equal(1, (await Get<SearchMessages>().HandleAsync(null, query with { Recipient = "Aru" })).Total);
    }

    [Fact]
    public async Task Cashier_CannotOpenMailings()
    {
        await _app.CreateStaffAsync("cashier@test.local", Roles.PartnerCashier, _scenario.Partner.Id);
        await FormSignIn.StaffAsync(_client, "cashier@test.local", "Passw0rd!");
        var response = await _client.GetAsync("/partner/mailings");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/access-denied", response.Headers.Location!.PathAndQuery, StringComparison.OrdinalIgnoreCase);
    }
}
