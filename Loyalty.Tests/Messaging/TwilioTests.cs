using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Loyalty.Core.Customers;
using Loyalty.Core.Identity;
using Loyalty.Core.Messaging;
using Loyalty.Tests.Infrastructure;
using Loyalty.Web.Messaging;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Loyalty.Tests.Messaging;

/// <summary>A local HTTP server on loopback speaking Twilio's Messages API: basic auth, form body, JSON answers and error codes.</summary>
public sealed class FakeTwilio : IAsyncDisposable
{
    public const string Sid = "AC0123456789abcdef0123456789abcdef";
    public const string Token = "twilio-test-token";

    private readonly WebApplication _app;

    private FakeTwilio(WebApplication app) => _app = app;

    public ConcurrentQueue<Dictionary<string, string>> Requests { get; } = new();
    public string BaseUrl => _app.Urls.First();

    public static async Task<FakeTwilio> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeTwilio(app);
        app.MapPost("/2010-04-01/Accounts/{sid}/Messages.json", async (string sid, HttpRequest request) =>
        {
            var expected = "Basic " + Convert.ToBase64String(Encoding.ASCII.GetBytes($"{Sid}:{Token}"));
            if (sid != Sid || request.Headers.Authorization != expected)
                return Results.Json(new { code = 20003, message = "Authenticate", status = 401 }, statusCode: 401);
            var form = (await request.ReadFormAsync()).ToDictionary(f => f.Key, f => f.Value.ToString());
            fake.Requests.Enqueue(form);
            return form["To"] switch
            {
                "+77010000666" => Results.Json(new { code = 21211, message = "The 'To' number is not a valid phone number.", status = 400 }, statusCode: 400),
                "+77010000429" => Results.Json(new { code = 20429, message = "Too Many Requests", status = 429 }, statusCode: 429),
                "+77010000500" => Results.Text("upstream broke", statusCode: 500),
                _ => Results.Json(new { sid = "SM" + Guid.NewGuid().ToString("N"), status = "queued", to = form["To"] }, statusCode: 201),
            };
        });
        await app.StartAsync();
        return fake;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}

public class TwilioTests : IAsyncLifetime
{
    private FakeTwilio _twilio = default!;
    private readonly MessagingOptions _messaging = new() { PublicBaseUrl = "https://onecard.test" };

    public async Task InitializeAsync() => _twilio = await FakeTwilio.StartAsync();

    public async Task DisposeAsync() => await _twilio.DisposeAsync();

    private TwilioSmsSender Sender(string token = FakeTwilio.Token, string from = "+15005550006") =>
        new(new HttpClient(), Microsoft.Extensions.Options.Options.Create(new TwilioOptions { AccountSid = FakeTwilio.Sid, AuthToken = token, From = from, BaseUrl = _twilio.BaseUrl }),
            _messaging, NullLogger<TwilioSmsSender>.Instance);

    [Fact]
    public async Task Send_PostsTheFormTwilioExpects_AndReturnsTheMessageSid()
    {
        var result = await Sender().SendAsync("+77011234567", "Hello", CancellationToken.None, statusCallbackId: 42);

        Assert.True(result.Succeeded);
        Assert.StartsWith("SM", result.ProviderMessageId);
        var form = Assert.Single(_twilio.Requests);
        Assert.Equal("+77011234567", form["To"]);
        Assert.Equal("+15005550006", form["From"]);
        Assert.Equal("Hello", form["Body"]);
        Assert.Equal("https://onecard.test/api/messaging/twilio/status?m=42", form["StatusCallback"]);
    }

    [Fact]
    public async Task MessagingServiceSender_IsSentAsMessagingServiceSid()
    {
        await Sender(from: "MG0123").SendAsync("+77011234567", "Hi", CancellationToken.None);
        Assert.Equal("MG0123", Assert.Single(_twilio.Requests)["MessagingServiceSid"]);
    }

    [Theory]
    [InlineData("+77010000666", SendOutcome.PermanentFailure, "21211")]
    [InlineData("+77010000429", SendOutcome.TemporaryFailure, "20429")]
    [InlineData("+77010000500", SendOutcome.TemporaryFailure, "http-500")]
    public async Task TwilioErrors_MapToClearOutcomes(string to, SendOutcome outcome, string code)
    {
        var result = await Sender().SendAsync(to, "Hi", CancellationToken.None);
        Assert.Equal((outcome, code), (result.Outcome, result.ErrorCode));
        Assert.False(string.IsNullOrWhiteSpace(result.Error));
    }

    [Fact]
    public async Task WrongCredentials_AreATemporaryFailureWithAClearReason()
    {
        var result = await Sender(token: "wrong").SendAsync("+77011234567", "Hi", CancellationToken.None);
        Assert.Equal((SendOutcome.TemporaryFailure, "20003"), (result.Outcome, result.ErrorCode));
        Assert.Contains("credentials", result.Error);
    }

    [Fact]
    public async Task NonE164Number_IsRefusedBeforeCallingTwilio()
    {
        var result = await Sender().SendAsync("not a number", "Hi", CancellationToken.None);
        Assert.Equal(SendOutcome.PermanentFailure, result.Outcome);
        Assert.Empty(_twilio.Requests);
    }

    [Fact]
    public async Task StatusCallbacks_AreAuthenticatedBySignature_AndRecorded()
    {
        await using var app = new LoyaltyWebFactory();
        app.Settings["Jobs:Enabled"] = "false";
        app.Settings["Messaging:PublicBaseUrl"] = "https://onecard.test";
        app.Settings["Twilio:AccountSid"] = FakeTwilio.Sid;
        app.Settings["Twilio:AuthToken"] = FakeTwilio.Token;
        app.Settings["Twilio:From"] = "+15005550006";
        app.Settings["Twilio:BaseUrl"] = _twilio.BaseUrl;
        var client = app.CreateClient();
        var scenario = await Scenario.CreateAsync(app.Services);
        var member = await scenario.RegisterAsync("+77011112233", "Aru");
        await app.Services.GetRequiredService<ContactPreferences>().SaveAsync(member.Id, null, false, smsConsent: true);
        await app.Services.GetRequiredService<RequestSignInCode>().HandleAsync("+77011112233", "KZ");
        OutgoingMessage message;
        await using (var db = app.Services.GetRequiredService<Loyalty.Core.Common.ILoyaltyDbFactory>().Create())
            message = await db.OutgoingMessages.AsNoTracking().SingleAsync();

        async Task<HttpResponseMessage> PostAsync(Dictionary<string, string> form, string? signature)
        {
            var path = $"/api/messaging/twilio/status?m={message.Id}";
            using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(form) };
            request.Headers.Add("X-Twilio-Signature", signature ?? TwilioEndpoints.Sign(FakeTwilio.Token, "https://onecard.test" + path, form));
            return await client.SendAsync(request);
        }

        var delivered = new Dictionary<string, string> { ["MessageSid"] = message.ProviderMessageId!, ["MessageStatus"] = "delivered", ["AccountSid"] = FakeTwilio.Sid };
        var forged = await PostAsync(delivered, "bm90IGEgc2lnbmF0dXJl");
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.Equal("application/problem+json", forged.Content.Headers.ContentType?.MediaType);

        Assert.Equal(HttpStatusCode.NoContent, (await PostAsync(delivered, null)).StatusCode);
        // A late "sent" report does not undo delivery.
        Assert.Equal(HttpStatusCode.NoContent, (await PostAsync(new Dictionary<string, string>(delivered) { ["MessageStatus"] = "sent" }, null)).StatusCode);
        await using (var db = app.Services.GetRequiredService<Loyalty.Core.Common.ILoyaltyDbFactory>().Create())
        {
            var row = await db.OutgoingMessages.AsNoTracking().SingleAsync();
            Assert.Equal(MessageStatus.Delivered, row.Status);
            Assert.NotNull(row.DeliveredAt);
        }

        // The member texted STOP at the carrier: the failure is recorded and SMS consent withdrawn.
        var optOut = new Dictionary<string, string> { ["MessageSid"] = message.ProviderMessageId!, ["MessageStatus"] = "undelivered", ["ErrorCode"] = "21610" };
        await using (var db = app.Services.GetRequiredService<Loyalty.Core.Common.ILoyaltyDbFactory>().Create())
            await db.OutgoingMessages.ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, MessageStatus.Sent));
        Assert.Equal(HttpStatusCode.NoContent, (await PostAsync(optOut, null)).StatusCode);
        await using (var db = app.Services.GetRequiredService<Loyalty.Core.Common.ILoyaltyDbFactory>().Create())
        {
            var row = await db.OutgoingMessages.AsNoTracking().SingleAsync();
            Assert.Equal((MessageStatus.Failed, "21610"), (row.Status, row.ErrorCode));
            Assert.Contains("STOP", row.Error);
            Assert.Null((await db.Customers.AsNoTracking().SingleAsync(c => c.Id == member.Id)).SmsConsentAt);
        }
    }
}
