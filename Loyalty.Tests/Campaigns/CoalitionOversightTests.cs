using Loyalty.Core.Campaigns;
using Loyalty.Core.Common;
using Loyalty.Core.Messaging;
using Loyalty.Tests.Infrastructure;
using Loyalty.Tests.Messaging;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Tests.Campaigns;

/// <summary>
/// The operator sees every campaign and mailing in the coalition with its owner, and may pause/resume a partner's campaign
/// or cancel a partner's mailing with an audited reason (decision 0140); partners still see only their own.
/// </summary>
public class CoalitionOversightTests : MessagingTest
{
    private DateTime Now => Database.Clock.GetUtcNow().UtcDateTime;

    private async Task<Guid> CampaignAsync(Guid? owner, string name, bool launch = true)
    {
        var id = await Get<SaveCampaign>().HandleAsync(owner, null,
            new CampaignForm(name, null, CampaignType.PurchaseBonus, Now.AddDays(-1), Now.AddDays(10), RewardKind.ExtraPercent, 3));
        if (launch) await Get<ChangeCampaignStatus>().HandleAsync(owner, id, CampaignAction.Launch);
        return id;
    }

    [Fact]
    public async Task Operator_SeesEveryOwnersCampaigns_WithPartnerNames_AndFiltersByOwner_WhilePartnersSeeOnlyTheirOwn()
    {
        var b = await Scenario.CreateAsync(Database.Services);
        var ours = await CampaignAsync(null, "Coalition week");
        var a = await CampaignAsync(Scenario.Partner.Id, "A's coffee");
        var theirs = await CampaignAsync(b.Partner.Id, "B's fuel");

        var all = await Get<ListCoalitionCampaigns>().HandleAsync(OwnerFilter.All);
        Assert.Equal(3, all.Total);
        Assert.Equal(Scenario.Partner.Name, all.Rows.Single(r => r.Id == a).PartnerName);
        Assert.Null(all.Rows.Single(r => r.Id == ours).PartnerId);
        Assert.Equal([theirs], (await Get<ListCoalitionCampaigns>().HandleAsync(OwnerFilter.Partner(b.Partner.Id))).Rows.Select(r => r.Id));
        Assert.Equal([ours], (await Get<ListCoalitionCampaigns>().HandleAsync(OwnerFilter.Operator)).Rows.Select(r => r.Id));
        Assert.Equal([a], (await Get<ListCoalitionCampaigns>().HandleAsync(OwnerFilter.All, "coffee")).Rows.Select(r => r.Id));

        var calendar = await Get<CoalitionCampaignCalendar>().HandleAsync(OwnerFilter.All, Now.AddDays(-7), Now.AddDays(7));
        Assert.Equal(3, calendar.Count);
        Assert.Equal(b.Partner.Name, calendar.Single(c => c.Id == theirs).PartnerName);

        // Isolation holds: each partner's own list and calendar show its campaigns only, and B's id opens nothing for A.
        Assert.Equal([a], (await Get<ListCampaigns>().HandleAsync(Scenario.Partner.Id)).Rows.Select(r => r.Id));
        Assert.Equal([theirs], (await Get<ListCampaigns>().HandleAsync(b.Partner.Id)).Rows.Select(r => r.Id));
        Assert.Equal([a], (await Get<CampaignCalendar>().HandleAsync(Scenario.Partner.Id, Now.AddDays(-7), Now.AddDays(7))).Select(c => c.Id));
        var e = await Assert.ThrowsAsync<DomainException>(() => Get<GetCampaign>().HandleAsync(Scenario.Partner.Id, theirs));
        Assert.Equal(404, e.Status);
        await Assert.ThrowsAsync<DomainException>(() => Get<ChangeCampaignStatus>().HandleAsync(Scenario.Partner.Id, theirs, CampaignAction.Pause));
    }

    [Fact]
    public async Task Operator_PausesAndResumesAPartnersCampaign_WithAReasonThePartnerSees_ButCannotEndIt()
    {
        var id = await CampaignAsync(Scenario.Partner.Id, "Too generous");
        var oversee = Get<OverseePartnerCampaign>();

        var blank = await Assert.ThrowsAsync<ValidationException>(() => oversee.HandleAsync(id, CampaignAction.Pause, "  ", "op@test"));
        Assert.Contains("reason", blank.Errors.Keys);
        var end = await Assert.ThrowsAsync<DomainException>(() => oversee.HandleAsync(id, CampaignAction.End, "stop", "op@test"));
        Assert.Equal("campaign-action-not-allowed", end.Code);

        Assert.Equal(CampaignStatus.Paused, await oversee.HandleAsync(id, CampaignAction.Pause, "Breaks the 20 % cap rule", "op@test"));
        var again = await Assert.ThrowsAsync<DomainException>(() => oversee.HandleAsync(id, CampaignAction.Pause, "again", "op@test"));
        Assert.Equal(409, again.Status);
        Assert.Equal(CampaignStatus.Paused, (await Get<GetCampaign>().HandleAsync(Scenario.Partner.Id, id)).Status);
        Assert.Equal(CampaignStatus.Active, await oversee.HandleAsync(id, CampaignAction.Resume, "Fixed by the partner", "op@test"));

        await using var db = Database.Open();
        var audit = await db.AuditEvents.Where(a => a.Kind.StartsWith("campaign.operator-")).OrderBy(a => a.Id).ToListAsync();
        Assert.Equal(["campaign.operator-paused", "campaign.operator-resumed"], audit.Select(a => a.Kind));
        Assert.All(audit, a => Assert.Equal(Scenario.Partner.Id, a.PartnerId));
        Assert.Contains("Breaks the 20 % cap rule", audit[0].Summary);
        Assert.Equal("op@test", audit[0].Actor);

        // The operator's own campaigns are edited in the editor, not through the brake.
        var own = await CampaignAsync(null, "Ours");
        await Assert.ThrowsAsync<DomainException>(() => oversee.HandleAsync(own, CampaignAction.Pause, "x", "op@test"));
    }

    [Fact]
    public async Task Operator_SeesEveryOwnersMailings_AndCancelsAPartnersSendingMailing_PartnersSeeOnlyTheirOwn()
    {
        var b = await Scenario.CreateAsync(Database.Services);
        await MemberAsync("+77010000091", "Aru", "aru@example.com", true, false);
        var a = await MailingAsync(MessageChannel.Email, "A news");
        var theirs = await MailingAsync(MessageChannel.Email, "B news", owner: b.Partner.Id, useScenarioPartner: false);
        var ours = await MailingAsync(MessageChannel.Email, "Coalition news", owner: null, useScenarioPartner: false);

        var all = await Get<ListCoalitionMailings>().HandleAsync(OwnerFilter.All, 0, 20);
        Assert.Equal(3, all.Total);
        Assert.Equal(b.Partner.Name, all.Items.Single(m => m.Id == theirs).PartnerName);
        Assert.Equal([a], (await Get<ListCoalitionMailings>().HandleAsync(OwnerFilter.Partner(Scenario.Partner.Id), 0, 20)).Items.Select(m => m.Id));
        Assert.Equal([ours], (await Get<ListCoalitionMailings>().HandleAsync(OwnerFilter.Operator, 0, 20)).Items.Select(m => m.Id));
        Assert.Equal([a], (await Get<ListMailings>().HandleAsync(Scenario.Partner.Id, 0, 20)).Items.Select(m => m.Id));
        Assert.Equal([theirs], (await Get<ListMailings>().HandleAsync(b.Partner.Id, 0, 20)).Items.Select(m => m.Id));

        await SendNowAsync(a, Scenario.Partner.Id);
        Assert.Equal([a], (await Get<ListCoalitionMailings>().HandleAsync(OwnerFilter.All, 0, 20, MailingStatus.Sending)).Items.Select(m => m.Id));
        var blank = await Assert.ThrowsAsync<ValidationException>(() => Get<CancelPartnerMailing>().HandleAsync(a, "", "op@test"));
        Assert.Contains("reason", blank.Errors.Keys);
        await Get<CancelPartnerMailing>().HandleAsync(a, "Complaints about the offer", "op@test");
        await Get<DispatchOutbox>().HandleAsync();

        Assert.Empty(Database.Email.Sent);
        Assert.Equal(MessageStatus.Skipped, (await RowsAsync(a)).Single().Status);
        Assert.Equal(MailingStatus.Cancelled, (await Get<GetMailing>().HandleAsync(Scenario.Partner.Id, a)).Status);
        await using var db = Database.Open();
        var audit = await db.AuditEvents.SingleAsync(e => e.Kind == "mailing.operator-cancelled");
        Assert.Equal(Scenario.Partner.Id, audit.PartnerId);
        Assert.Contains("Complaints about the offer", audit.Summary);
        // A finished mailing cannot be cancelled again; the operator's own mailing is not cancelled through this door.
        await Assert.ThrowsAsync<DomainException>(() => Get<CancelPartnerMailing>().HandleAsync(a, "again", "op@test"));
        var own = await Assert.ThrowsAsync<DomainException>(() => Get<CancelPartnerMailing>().HandleAsync(ours, "x", "op@test"));
        Assert.Equal(404, own.Status);
    }
}
