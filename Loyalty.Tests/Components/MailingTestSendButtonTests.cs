using Bunit;
using Loyalty.Core.Messaging;
using Loyalty.Web.Components.Messaging;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Tests.Components;

/// <summary>The mailing editor's "Send test" button, rendered with bUnit against the real use cases and a real SQLite file.</summary>
public class MailingTestSendButtonTests : DatabaseComponentTest
{
    public MailingTestSendButtonTests() => AddAuthorization();

    /// <summary>A new mailing's editor with one member in its audience (e-mail consent, a purchase at the partner).</summary>
    private async Task<IRenderedComponent<MailingEditor>> EditorWithAnAudienceAsync()
    {
        var member = await Scenario.RegisterAsync("+77010005001", "Aru");
        await Database.Get<ContactPreferences>().SaveAsync(member.Id, "aru@example.com", true, false);
        await Scenario.BuyAsync(member.Id, 1000m);
        var editor = Render<MailingEditor>(p => p.Add(c => c.OwnerPartnerId, Scenario.Partner.Id).Add(c => c.BasePath, "/partner").Add(c => c.Actor, "staff@test"));
        editor.WaitForAssertion(() => Assert.Equal("1", editor.Find("#audience-estimate").TextContent.Trim()), TimeSpan.FromSeconds(10));
        return editor;
    }

    private async Task<List<OutgoingMessage>> OutboxAsync()
    {
        await using var db = Database.Open();
        return await db.OutgoingMessages.AsNoTracking().ToListAsync();
    }

    [Fact]
    public async Task SendTest_SendsTheUnsavedMessageOnlyToTheTypedAddress_AsATest()
    {
        var editor = await EditorWithAnAudienceAsync();

        await editor.InvokeAsync(() => editor.Find("#test-address").Change("me@staff.test"));
        await editor.InvokeAsync(() => editor.Find("#test-send").Click());

        editor.WaitForAssertion(() => Assert.Single(Database.Email.Sent), TimeSpan.FromSeconds(10));
        var mail = Database.Email.Sent[0];
        Assert.Equal("me@staff.test", mail.To);
        Assert.Equal("[TEST] News for you, Dana", mail.Subject);
        var row = Assert.Single(await OutboxAsync());
        Assert.True(row.IsTest);
        Assert.Equal(("me@staff.test", MessageStatus.Sent, (Guid?)null), (row.Recipient, row.Status, row.MailingId));
        // A test send saves nothing and queues nothing for the audience.
        Assert.Null(editor.Instance.MailingId);
        await using var db = Database.Open();
        Assert.Equal(0, await db.Mailings.CountAsync());
    }

    [Fact]
    public async Task SendTest_ToABadAddress_ShowsTheFieldError_AndSendsNothing()
    {
        var editor = await EditorWithAnAudienceAsync();

        await editor.InvokeAsync(() => editor.Find("#test-address").Change("me at staff"));
        await editor.InvokeAsync(() => editor.Find("#test-send").Click());

        editor.WaitForAssertion(() => Assert.Contains("Enter an e-mail address, for example you@example.com.", editor.Markup), TimeSpan.FromSeconds(10));
        Assert.Empty(Database.Email.Sent);
        Assert.Empty(await OutboxAsync());
    }
}
