using Loyalty.Core.Messaging;
using Loyalty.Core.Referrals;
using Loyalty.Core.Reviews;
using Loyalty.Tests.Messaging;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Tests.Customers;

/// <summary>The operator's member card: referrals (up the chain and level by level below), reviews and messages, each paged in the database.</summary>
public class MemberCardActivityTests : MessagingTest
{
    private async Task ReferAsync(Guid friend, Guid referrer, int minutesAgo = 0)
    {
        await using var db = Database.Open();
        var at = Database.Clock.GetUtcNow().UtcDateTime.AddMinutes(-minutesAgo);
        await db.Customers.Where(c => c.Id == friend).ExecuteUpdateAsync(s => s.SetProperty(c => c.ReferrerId, referrer).SetProperty(c => c.ReferredAt, at));
    }

    [Fact]
    public async Task Referrals_ShowTheChainAbove_CountsPerLevel_AndPageALevelBelow()
    {
        var top = await Scenario.RegisterAsync("+77015551000", "Top");
        var member = await Scenario.RegisterAsync("+77015551001", "Middle");
        await ReferAsync(member.Id, top.Id);
        var direct = new List<Guid>();
        for (var i = 0; i < 12; i++)
        {
            var friend = await Scenario.RegisterAsync($"+770155520{i:00}", $"Friend{i:00}");
            await ReferAsync(friend.Id, member.Id, minutesAgo: 100 - i);
            direct.Add(friend.Id);
        }
        var grandchild = await Scenario.RegisterAsync("+77015553000", "Grand");
        await ReferAsync(grandchild.Id, direct[3]);
        await Scenario.BuyAsync(direct[0], 500m);

        var list = Get<ListMemberReferrals>();
        var first = await list.HandleAsync(member.Id, level: 1, page: 0, pageSize: 10);
        Assert.Equal([top.Id], first.Upline.Select(u => u.Id));
        Assert.Equal(1, first.Depth);
        Assert.Equal([12, 1], first.LevelCounts);
        Assert.Equal(13, first.Downline);
        Assert.Equal(12, first.PageTotal);
        Assert.Equal(direct.Take(10), first.Page.Select(r => r.Id));
        Assert.Equal(1, first.Page[0].Purchases);
        Assert.Equal("Middle", first.Page[0].ReferredBy);

        var second = await list.HandleAsync(member.Id, level: 1, page: 1, pageSize: 10);
        Assert.Equal(direct.Skip(10), second.Page.Select(r => r.Id));
        var deeper = await list.HandleAsync(member.Id, level: 2);
        Assert.Equal(grandchild.Id, Assert.Single(deeper.Page).Id);
        Assert.Equal(2, deeper.Page[0].Level);
        Assert.Equal("Friend03", deeper.Page[0].ReferredBy);

        // From the grandchild: a chain of three above, nobody below.
        var leaf = await list.HandleAsync(grandchild.Id);
        Assert.Equal([direct[3], member.Id, top.Id], leaf.Upline.Select(u => u.Id));
        Assert.Equal(3, leaf.Depth);
        Assert.Empty(leaf.LevelCounts);
        Assert.Empty(leaf.Page);
    }

    [Fact]
    public async Task Reviews_AreTheMembersOwnAtEveryPartner_NewestFirst_Paged()
    {
        var writer = await Scenario.RegisterAsync("+77015554001", "Writer");
        var other = await Scenario.RegisterAsync("+77015554002", "Other");
        var submit = Get<SubmitReview>();
        for (var i = 1; i <= 3; i++)
        {
            await submit.HandleAsync(writer.Id, (await Scenario.BuyAsync(writer.Id, 1_000m)).Body.TransactionId, i + 2, $"Visit {i}");
            Database.Clock.Advance(TimeSpan.FromMinutes(5));
        }
        await submit.HandleAsync(other.Id, (await Scenario.BuyAsync(other.Id, 1_000m)).Body.TransactionId, 1, "Not mine");

        var (items, total) = await Get<ListMemberReviews>().HandleAsync(writer.Id, 0, 2);
        Assert.Equal(3, total);
        Assert.Equal(["Visit 3", "Visit 2"], items.Select(r => r.Text));
        Assert.Equal(Scenario.Partner.Name, items[0].Partner);
        Assert.Equal("Central", items[0].Store);
        Assert.Equal(["Visit 1"], (await Get<ListMemberReviews>().HandleAsync(writer.Id, 1, 2)).Items.Select(r => r.Text));
    }

    [Fact]
    public async Task Messages_AreEveryMessageSentToTheMember_WithItsSender_Paged()
    {
        var aru = await MemberAsync("+77015555001", "Aru", "aru@example.com", true, false);
        await MemberAsync("+77015555002", "Bek", "bek@example.com", true, false);
        var partnerMailing = await MailingAsync(MessageChannel.Email, "Partner news {{ first_name }}");
        await SendNowAsync(partnerMailing, Scenario.Partner.Id);
        var coalition = await MailingAsync(MessageChannel.InApp, "Coalition news", owner: null, useScenarioPartner: false);
        await SendNowAsync(coalition, null);
        await Get<DispatchOutbox>().HandleAsync();

        var page = await Get<ListMemberMessages>().HandleAsync(aru.Id, 0, 1);
        Assert.Equal(2, page.Total);
        var newest = Assert.Single(page.Items);
        Assert.Equal(MessageChannel.InApp, newest.Channel);
        Assert.Null(newest.Sender);
        var older = Assert.Single((await Get<ListMemberMessages>().HandleAsync(aru.Id, 1, 1)).Items);
        Assert.Equal(Scenario.Partner.Name, older.Sender);
        Assert.Equal("Autumn news", older.Mailing);
        Assert.Equal(MessageStatus.Sent, older.Status);
    }
}
