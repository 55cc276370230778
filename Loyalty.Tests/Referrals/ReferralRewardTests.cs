using Loyalty.Core.Common;
using Loyalty.Core.Customers;
using Loyalty.Core.Points;
using Loyalty.Core.Referrals;
using Loyalty.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Tests.Referrals;

public class ReferralRewardTests : ScenarioTest
{
    /// <summary>A invited B, B invited C, C invited D — each through the other's referral code, as from a link.</summary>
    private async Task<(Customer A, Customer B, Customer C, Customer D)> ChainAsync()
    {
        var a = await Scenario.RegisterAsync("+77015550001", "Aru");
        var b = await JoinAsync("+77015550002", "Bek", a);
        var c = await JoinAsync("+77015550003", "Cara", b);
        var d = await JoinAsync("+77015550004", "Dana", c);
        return (a, b, c, d);
    }

    private async Task<Customer> JoinAsync(string phone, string name, Customer referrer, string? device = null)
    {
        var friend = await Scenario.RegisterAsync(phone, name);
        var code = (await Database.Get<GetMyReferrals>().HandleAsync(referrer.Id)).Code;
        await Database.Get<JoinByReferral>().HandleAsync(friend.Id, code, device);
        return friend;
    }

    private Task<ReferralRun> RunJobAsync() => Database.Get<ProcessReferralRewards>().HandleAsync();

    [Fact]
    public async Task FriendsPurchase_RewardsThreeLevels_ThreeOneOnePercent_PaidByTheOperator()
    {
        var (a, b, c, d) = await ChainAsync();
        await Scenario.BuyAsync(d.Id, 1_000m);

        var run = await RunJobAsync();

        Assert.Equal((1, 3, 50_00L), (run.Purchases, run.Rewards, run.PointsCredited));
        Assert.Equal(Scenario.WelcomeBonus + 30_00, await Scenario.BalanceAsync(c.Id));
        Assert.Equal(Scenario.WelcomeBonus + 10_00, await Scenario.BalanceAsync(b.Id));
        Assert.Equal(Scenario.WelcomeBonus + 10_00, await Scenario.BalanceAsync(a.Id));
        await using var db = Database.Open();
        var transfers = await db.Transfers.Where(t => t.Reason == Reasons.ReferralReward).OrderBy(t => t.Id).ToListAsync();
        Assert.Equal("Referral reward: Dana made a purchase", transfers[0].Description);
        // The partner's accounts are untouched: its settlement sees the purchase's own points only.
        var partnerKeys = new[] { LedgerAccount.ForPartner(Scenario.Partner.Id, AccountKind.PartnerIssuance).Key };
        var partnerEntries = await db.Entries.Where(e => transfers.Select(t => t.Id).Contains(e.TransferId))
            .Join(db.LedgerAccounts, e => e.AccountId, acc => acc.Id, (e, acc) => acc.Key).ToListAsync();
        Assert.DoesNotContain(partnerEntries, k => partnerKeys.Contains(k));
        await Scenario.AssertLedgerHealthyAsync();
    }

    [Fact]
    public async Task TheJob_RunTwice_PaysOnce()
    {
        var (_, _, c, d) = await ChainAsync();
        await Scenario.BuyAsync(d.Id, 1_000m);
        await RunJobAsync();
        var before = await Scenario.CountsAsync();
        var balance = await Scenario.BalanceAsync(c.Id);

        var second = await RunJobAsync();
        Database.Clock.Advance(TimeSpan.FromMinutes(1));
        var third = await RunJobAsync();

        Assert.Equal(0, second.Rewards + third.Rewards);
        Assert.Equal(before, await Scenario.CountsAsync());
        Assert.Equal(balance, await Scenario.BalanceAsync(c.Id));
    }

    [Fact]
    public async Task Refunds_TakeTheRewardsBack_Proportionally_AndAFullRefundExactly()
    {
        var (a, b, c, d) = await ChainAsync();
        var purchase = (await Scenario.BuyAsync(d.Id, 1_000m)).Body;
        await RunJobAsync();

        await Scenario.RefundAsync(purchase.TransactionId, 400m);
        var partial = await RunJobAsync();
        Assert.Equal(3, partial.Reversals);
        Assert.Equal(Scenario.WelcomeBonus + 18_00, await Scenario.BalanceAsync(c.Id));
        Assert.Equal(Scenario.WelcomeBonus + 6_00, await Scenario.BalanceAsync(b.Id));

        await Scenario.RefundAsync(purchase.TransactionId, 600m);
        await RunJobAsync();
        await RunJobAsync();
        foreach (var member in new[] { a, b, c }) Assert.Equal(Scenario.WelcomeBonus, await Scenario.BalanceAsync(member.Id));
        await using var db = Database.Open();
        Assert.All(await db.ReferralRewards.ToListAsync(), r => Assert.Equal(r.Points, r.ReversedPoints));
        await Scenario.AssertLedgerHealthyAsync();
    }

    [Fact]
    public async Task RefundAfterTheReferrerSpentTheReward_TakesWhatIsThere_AndWritesTheRestOff()
    {
        var a = await Scenario.RegisterAsync("+77015550001", "Aru");
        var b = await JoinAsync("+77015550002", "Bek", a);
        var purchase = (await Scenario.BuyAsync(b.Id, 100_000m)).Body; // A earns 3,000 points → 8,000
        await RunJobAsync();
        await Scenario.BuyAsync(a.Id, 40_000m, redeem: 8_000m);          // A spends everything, earns 5 % of 32,000 = 1,600

        await Scenario.RefundAsync(purchase.TransactionId, 100_000m);
        await RunJobAsync();

        Assert.Equal(0, await Scenario.BalanceAsync(a.Id));
        await using var db = Database.Open();
        var reward = await db.ReferralRewards.SingleAsync();
        Assert.Equal((3_000_00L, 3_000_00L, 1_400_00L), (reward.Points, reward.ReversedPoints, reward.UnrecoveredPoints));
        await Scenario.AssertLedgerHealthyAsync();
    }

    [Fact]
    public async Task DepthAndRates_ComeFromTheProgramSettings()
    {
        await using (var db = Database.Open())
        {
            var settings = await db.ProgramSettings.FirstOrDefaultAsync();
            if (settings is null) db.ProgramSettings.Add(settings = new Loyalty.Core.Programs.ProgramSettings());
            settings.ReferralRatesBp = "500";
            await db.SaveChangesAsync();
        }
        var (_, b, c, d) = await ChainAsync();
        await Scenario.BuyAsync(d.Id, 1_000m);
        await RunJobAsync();

        Assert.Equal(Scenario.WelcomeBonus + 50_00, await Scenario.BalanceAsync(c.Id));
        Assert.Equal(Scenario.WelcomeBonus, await Scenario.BalanceAsync(b.Id));
    }

    [Fact]
    public async Task OwnCode_AndTheReferrersDevice_AreRefused_AndTheMemberStaysWithoutAReferrer()
    {
        var a = await Scenario.RegisterAsync("+77015550001", "Aru");
        var code = (await Database.Get<GetMyReferrals>().HandleAsync(a.Id)).Code;
        var self = await Assert.ThrowsAsync<DomainException>(() => Database.Get<JoinByReferral>().HandleAsync(a.Id, code, null));
        Assert.Equal("referral-self", self.Code);

        var device = new string('a', MemberDevice.HashLength);
        await Database.Get<RecordMemberDevice>().HandleAsync(a.Id, device);
        var b = await Scenario.RegisterAsync("+77015550002", "Bek");
        var sameDevice = await Assert.ThrowsAsync<DomainException>(() => Database.Get<JoinByReferral>().HandleAsync(b.Id, code, device));
        Assert.Equal("referral-same-device", sameDevice.Code);

        await using var db = Database.Open();
        Assert.Null(await db.Customers.Where(c => c.Id == b.Id).Select(c => c.ReferrerId).SingleAsync());
        Assert.Equal(2, await db.AuditEvents.CountAsync(e => e.Kind == "referral.refused"));
    }

    [Fact]
    public async Task ARing_CanNeverForm_AndOnlyTheOperatorSetsAReferrerLater()
    {
        var (a, _, c, _) = await ChainAsync();
        var ring = await Assert.ThrowsAsync<DomainException>(() => Database.Get<SetReferrer>().HandleAsync(a.Id, "+77015550003", "operator@test", "KZ"));
        Assert.Equal("referral-ring", ring.Code);

        var late = await Scenario.RegisterAsync("+77015550005", "Erlan");
        Database.Clock.Advance(TimeSpan.FromHours(2));
        var code = (await Database.Get<GetMyReferrals>().HandleAsync(c.Id)).Code;
        var tooLate = await Assert.ThrowsAsync<DomainException>(() => Database.Get<JoinByReferral>().HandleAsync(late.Id, code, null));
        Assert.Equal("referral-too-late", tooLate.Code);

        await Database.Get<SetReferrer>().HandleAsync(late.Id, code, "operator@test", "KZ");
        await using var db = Database.Open();
        Assert.Equal(c.Id, await db.Customers.Where(x => x.Id == late.Id).Select(x => x.ReferrerId).SingleAsync());
        Assert.Equal(4, (await Database.Get<GetReferralTree>().HandleAsync(a.Id)).DownlineTotal);
    }

    [Fact]
    public async Task PurchasesBeforeTheReferrerWasSet_EarnTheChainNothing()
    {
        var a = await Scenario.RegisterAsync("+77015550001", "Aru");
        var b = await Scenario.RegisterAsync("+77015550002", "Bek");
        await Scenario.BuyAsync(b.Id, 1_000m);
        Database.Clock.Advance(TimeSpan.FromMinutes(5));
        await Database.Get<SetReferrer>().HandleAsync(b.Id, "+77015550001", "operator@test", "KZ");
        await Scenario.BuyAsync(b.Id, 500m);

        var run = await RunJobAsync();

        Assert.Equal(1, run.Purchases);
        Assert.Equal(Scenario.WelcomeBonus + 15_00, await Scenario.BalanceAsync(a.Id));
        var mine = await Database.Get<GetMyReferrals>().HandleAsync(a.Id);
        Assert.Equal((1, 15_00L), (mine.FriendsInvited, mine.PointsEarned));
    }
}
