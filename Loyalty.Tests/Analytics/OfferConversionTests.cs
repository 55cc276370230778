using Loyalty.Core.Campaigns;
using Loyalty.Core.Customers;
using Loyalty.Core.Dashboard;
using Loyalty.Core.PartnerCrm;
using Loyalty.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Tests.Analytics;

/// <summary>
/// The partner dashboard's offer conversion (0066, amended): trigger-campaign offers of the period, less the control group,
/// followed by a purchase at the partner within 14 days, ÷ offers; and the same figure for the period before.
/// Offers come from the real trigger job, purchases from the real till.
/// </summary>
public class OfferConversionTests : ScenarioTest
{
    private const int ControlPercent = 50;
    private int _phones;

    private DateTime Now => Database.Clock.GetUtcNow().UtcDateTime;

    private void Advance(TimeSpan by) => Database.Clock.Advance(by);

    private async Task<Guid> LaunchAsync(Guid owner, CampaignForm form)
    {
        var id = await Database.Get<SaveCampaign>().HandleAsync(owner, null, form);
        await Database.Get<ChangeCampaignStatus>().HandleAsync(owner, id, CampaignAction.Launch);
        return id;
    }

    /// <summary>
    /// A member who lands in the given arm of the campaign's A/B split and follows the partner (the brand-subscription
    /// trigger's occasion). Members drawn into the other arm are registered but follow no one, so no campaign reaches them.
    /// </summary>
    private async Task<Customer> FollowerAsync(Guid partnerId, Guid campaignId, TestArm arm, int controlPercent = ControlPercent)
    {
        while (true)
        {
            var member = await Scenario.RegisterAsync($"+7701600{++_phones:0000}");
            if (CampaignRules.Assign(campaignId, member.Id, controlPercent, false) != arm) continue;
            await Database.Get<FollowPartner>().HandleAsync(member.Id, partnerId, true);
            return member;
        }
    }

    private async Task<List<CampaignReward>> OffersAtAsync(DateTime at)
    {
        await using var db = Database.Open();
        return await db.CampaignRewards.AsNoTracking().Where(r => r.At == at).ToListAsync();
    }

    [Fact]
    public async Task Dashboard_OfferConversion_IsTheShareOfThePeriodsOffersFollowedByAPurchaseHereWithin14Days_AndTheSameForThePeriodBefore()
    {
        var partner = Scenario.Partner.Id;
        var other = await Scenario.CreateAsync(Database.Services);
        var follow = await LaunchAsync(partner, new CampaignForm("Follow us", null, CampaignType.BrandSubscription, Now.AddMinutes(-1), null, RewardKind.FixedPoints, 50m,
            ControlPercent: ControlPercent));
        // Not offers: a purchase bonus rewards every receipt here, and another partner's trigger offers are that partner's.
        await LaunchAsync(partner, new CampaignForm("Extra 1 %", null, CampaignType.PurchaseBonus, Now.AddMinutes(-1), null, RewardKind.ExtraPercent, 1m));
        var othersFollow = await LaunchAsync(other.Partner.Id, new CampaignForm("Follow them", null, CampaignType.BrandSubscription, Now.AddMinutes(-1), null, RewardKind.FixedPoints, 50m));

        // The period before: four followers get the offer together; one of them is in the control group.
        var early = await FollowerAsync(partner, follow, TestArm.A);     // buys here 3 days later: converted
        var late = await FollowerAsync(partner, follow, TestArm.A);      // buys here 15 days later: too late
        var silent = await FollowerAsync(partner, follow, TestArm.A);    // never buys
        var heldOut = await FollowerAsync(partner, follow, TestArm.Control); // buys, but was never offered anything
        Advance(TimeSpan.FromHours(1));
        await Database.Get<RunCampaignTriggers>().HandleAsync();
        var firstOffers = Now;
        Advance(TimeSpan.FromDays(3));
        await Scenario.BuyAsync(early.Id, 1_000m);
        await Scenario.BuyAsync(heldOut.Id, 1_000m);
        Advance(TimeSpan.FromDays(12));
        await Scenario.BuyAsync(late.Id, 1_000m);

        // This period: five more offers, and one to the control group.
        Advance(TimeSpan.FromDays(20));
        var soon = await FollowerAsync(partner, follow, TestArm.A);       // buys here 2 days later: converted
        var lastDay = await FollowerAsync(partner, follow, TestArm.A);    // buys here exactly 14 days later: converted
        var elsewhere = await FollowerAsync(partner, follow, TestArm.A);  // buys only at the other partner: not here
        var tooLate = await FollowerAsync(partner, follow, TestArm.A);    // buys here 14 days and a minute later
        var before = await FollowerAsync(partner, follow, TestArm.A);     // bought here just before the offer, not after
        var control = await FollowerAsync(partner, follow, TestArm.Control);
        var theirs = await FollowerAsync(other.Partner.Id, othersFollow, TestArm.A, controlPercent: 0);
        await Scenario.BuyAsync(before.Id, 1_000m);
        Advance(TimeSpan.FromHours(1));
        await Database.Get<RunCampaignTriggers>().HandleAsync();
        var secondOffers = Now;
        Advance(TimeSpan.FromDays(1));
        await other.BuyAsync(elsewhere.Id, 1_000m);
        await other.BuyAsync(theirs.Id, 1_000m);
        await Scenario.BuyAsync(control.Id, 1_000m);
        Advance(TimeSpan.FromDays(1));
        await Scenario.BuyAsync(soon.Id, 1_000m);
        Advance(TimeSpan.FromDays(12));
        await Scenario.BuyAsync(lastDay.Id, 1_000m);
        Advance(TimeSpan.FromMinutes(1));
        await Scenario.BuyAsync(tooLate.Id, 1_000m);

        // The rows the scenario made: every follower got a row from the trigger job, the control group's marked as such.
        var first = await OffersAtAsync(firstOffers);
        var second = await OffersAtAsync(secondOffers);
        Assert.Equal(new[] { early.Id, late.Id, silent.Id, heldOut.Id }.Order(), first.Where(r => r.CampaignId == follow).Select(r => r.CustomerId).Order());
        Assert.Equal(4, first.Count);
        Assert.Equal(TestArm.Control, first.Single(r => r.CustomerId == heldOut.Id).Variant);
        Assert.Equal(6, second.Count(r => r.CampaignId == follow));
        Assert.Equal(TestArm.Control, second.Single(r => r.CustomerId == control.Id).Variant);
        Assert.Single(second, r => r.CampaignId == othersFollow);

        // By hand: before, 1 of 3 offers converted (the control group's is no offer); now, 2 of 5.
        var dashboard = await Database.Get<GetPartnerDashboard>().HandleAsync(PartnerStaff.Admin(partner), 30);

        Assert.InRange(secondOffers, dashboard.Period.From, dashboard.Period.To.AddTicks(-1));
        Assert.InRange(firstOffers, dashboard.Period.Previous.From, dashboard.Period.Previous.To.AddTicks(-1));
        Assert.Equal(new Comparison(Math.Round(2 * 100m / 5, 1), Math.Round(1 * 100m / 3, 1)), dashboard.OfferConversionPercent);
        Assert.Equal(new Comparison(40.0m, 33.3m), dashboard.OfferConversionPercent);
    }

    [Fact]
    public async Task Dashboard_OfferConversion_WithOffersOnlyInThePeriodBefore_IsUnknownNow_NotZero()
    {
        var partner = Scenario.Partner.Id;
        var follow = await LaunchAsync(partner, new CampaignForm("Follow us", null, CampaignType.BrandSubscription, Now.AddMinutes(-1), null, RewardKind.FixedPoints, 50m));
        var member = await FollowerAsync(partner, follow, TestArm.A, controlPercent: 0);
        await Database.Get<RunCampaignTriggers>().HandleAsync();
        Advance(TimeSpan.FromDays(1));
        await Scenario.BuyAsync(member.Id, 1_000m);
        var staff = PartnerStaff.Admin(partner);
        Assert.Equal(new Comparison(100m, 0m), (await Database.Get<GetPartnerDashboard>().HandleAsync(staff, 7)).OfferConversionPercent);

        Advance(TimeSpan.FromDays(8));

        var dashboard = await Database.Get<GetPartnerDashboard>().HandleAsync(staff, 7);
        Assert.Null(dashboard.OfferConversionPercent);
    }
}
