using System.Security.Claims;
using Bunit;
using Loyalty.Core.Common;
using Loyalty.Core.Customers;
using Loyalty.Core.Identity;
using Loyalty.Core.Messaging;
using Loyalty.Core.Programs;
using Loyalty.Web.Components.Layout;
using Loyalty.Web.Components.Messaging;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Tests.Components;

/// <summary>The mailing editor and the member's inbox badge, rendered with bUnit against the real use cases and a real SQLite file.</summary>
public class MessagingComponentTests : DatabaseComponentTest
{
    private readonly Bunit.TestDoubles.BunitAuthorizationContext _auth;
    public MessagingComponentTests() => _auth = AddAuthorization();

    private async Task<Customer> MemberAsync(string phone, string name, string? email)
    {
        var customer = await Scenario.RegisterAsync(phone, name);
        await Database.Get<ContactPreferences>().SaveAsync(customer.Id, email, email is not null, false);
        await Scenario.BuyAsync(customer.Id, 1000m);
        return customer;
    }

    private IRenderedComponent<MailingEditor> Editor(Guid? mailingId = null) =>
        Render<MailingEditor>(p => p.Add(c => c.OwnerPartnerId, Scenario.Partner.Id).Add(c => c.MailingId, mailingId)
            .Add(c => c.BasePath, "/partner").Add(c => c.Actor, "staff@test"));

    [Fact]
    public async Task Editor_SendNowWithoutNameAndWithABrokenTemplate_ShowsFieldErrors_AndSavesNothing()
    {
        await MemberAsync("+77010000201", "Aru", "aru@example.com");
        var editor = Editor();
        editor.WaitForAssertion(() => Assert.Equal("1", editor.Find("#audience-estimate").TextContent.Trim()));

        await editor.InvokeAsync(() => editor.Find("#mailing-body").Change("Hello {{ first_name "));
        await editor.InvokeAsync(() => editor.Find("#send-now").Click());

        editor.WaitForAssertion(() =>
        {
            Assert.Contains("Give the mailing a name.", editor.Markup);
            Assert.Contains("The template has an error", editor.Markup);
        });
        Assert.Null(editor.Instance.MailingId);
        await using var db = Database.Open();
        Assert.Equal(0, await db.Mailings.CountAsync());
    }

    [Fact]
    public async Task Editor_LoadsAGroupNarrowedByTier_ShowsTheTierAndTheNarrowedEstimate()
    {
        var gold = new Tier("Gold", 2, 100_000_00, 500, 5000);
        var aru = await MemberAsync("+77010000211", "Aru", "aru@example.com");
        await MemberAsync("+77010000212", "Bek", "bek@example.com");
        await using (var db = Database.Open())
        {
            db.Tiers.Add(gold);
            await db.SaveChangesAsync();
            await db.Customers.Where(c => c.Id == aru.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.TierId, gold.Id));
        }
        var mailing = await Database.Get<SaveMailing>().HandleAsync(Scenario.Partner.Id, null,
            new MailingDraft("Gold news", MessageChannel.Email, "Hi", "Hello {{ first_name }}", null, new AudienceDefinition(AudienceKind.Group, TierId: gold.Id)), "staff@test");

        var editor = Editor(mailing);

        editor.WaitForAssertion(() => Assert.Equal("1", editor.Find("#audience-estimate").TextContent.Trim()));
        Assert.Equal("Gold", editor.Find("#audience-tier").GetAttribute("value"));
    }

    [Fact]
    public async Task InboxBadge_CountsUnreadInAppMessages_AndDisappearsWhenRead()
    {
        var member = await MemberAsync("+77010000221", "Aru", null);
        foreach (var title in new[] { "First", "Second" })
        {
            var mailing = await Database.Get<SaveMailing>().HandleAsync(Scenario.Partner.Id, null,
                new MailingDraft(title, MessageChannel.InApp, title, "Hello {{ first_name }}", null, AudienceDefinition.All), "staff@test");
            await Database.Get<ScheduleMailing>().HandleAsync(Scenario.Partner.Id, mailing, MailingAction.SendNow, null, "staff@test");
        }
        await Database.Get<QueueDueMailings>().HandleAsync();
        await Database.Get<DispatchOutbox>().HandleAsync();
        _auth.SetAuthorized("Aru");
        _auth.SetClaims(new Claim(LoyaltyClaims.CustomerId, member.Id.ToString()));

        var layout = Render<CustomerLayout>(p => p.Add(c => c.Body, b => b.AddContent(0, "page")));
        layout.WaitForAssertion(() => Assert.Equal("2", layout.Find("#nav-inbox .mud-badge").TextContent.Trim()));

        await Database.Get<MarkInboxRead>().HandleAsync(member.Id, null);
        layout.Render(); // what a navigation does: the layout counts again
        layout.WaitForAssertion(() => Assert.Empty(layout.FindAll("#nav-inbox .mud-badge")));
    }
}
