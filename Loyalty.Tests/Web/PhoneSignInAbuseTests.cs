using System.Net;
using System.Text.RegularExpressions;
using Loyalty.Tests.Infrastructure;

namespace Loyalty.Tests.Web;

/// <summary>The phone sign-in form under abuse: many posts from one address, and a hand-edited hidden field.</summary>
public class PhoneSignInAbuseTests : IAsyncLifetime
{
    private readonly LoyaltyWebFactory _app = new();

    public Task InitializeAsync()
    {
        _app.Settings["Account:SignInPostsPerIpPer10Minutes"] = "3";
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task OneAddress_IsStoppedAfterItsSignInPosts_ButCanStillOpenThePage()
    {
        var client = _app.CreateBrowserLikeClient();
        for (var i = 1; i <= 3; i++)
        {
            var sent = await RequestCodeAsync(client, $"+7701555000{i}");
            Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        }

        var refused = await RequestCodeAsync(client, "+77015550009");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Contains("Too many sign-in attempts", await refused.Content.ReadAsStringAsync());
        Assert.Equal(3, _app.Sms.Sent.Count);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/account/phone")).StatusCode);
    }

    [Fact]
    public async Task ANewMember_WhoseFormClaimsToBeKnown_GetsAClearMessage_NotAnError()
    {
        var client = _app.CreateBrowserLikeClient();
        Assert.Equal(HttpStatusCode.OK, (await RequestCodeAsync(client, "+77015550001")).StatusCode);
        var code = _app.Sms.LastCodeFor("+77015550001");

        var page = await client.GetStringAsync("/account/phone");
        var answer = await client.PostAsync("/account/phone", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "verify-code",
            ["__RequestVerificationToken"] = Token(page),
            ["Verify.Phone"] = "+77015550001",
            ["Verify.IsNew"] = "false", // edited by hand: the phone is not a member yet, and no name is sent
            ["Verify.Code"] = code,
        }));

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Contains("Tell us your first name.", await answer.Content.ReadAsStringAsync());
    }

    private static async Task<HttpResponseMessage> RequestCodeAsync(HttpClient client, string phone)
    {
        var page = await client.GetStringAsync("/account/phone");
        return await client.PostAsync("/account/phone", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "request-code",
            ["__RequestVerificationToken"] = Token(page),
            ["Request.Phone"] = phone,
        }));
    }

    private static string Token(string page) =>
        Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
}
