using Loyalty.Core.Common;
using Loyalty.Core.Messaging;
using Loyalty.Core.Partners;
using Loyalty.Core.Pos;
using Loyalty.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Tests.Partners;

public class ApplicationTests : ScenarioTest
{
    [Fact]
    public async Task Approving_SetsTheContractAndRules_AndActivates()
    {
        var id = await ApplyAsync("Shyraq Books");
        var review = Database.Get<ReviewPartnerApplication>();

        await Assert.ThrowsAsync<ValidationException>(() => review.ApproveAsync(id, new ApprovalTerms(1.005m, 1.5m, 5, 20), "olga"));
        var approved = await review.ApproveAsync(id, new ApprovalTerms(0.8m, 2.25m, 4, 15), "olga");

        Assert.Equal("owner@shyraq.example", approved.ContactEmail);
        await using var db = Database.Open();
        var partner = await db.Partners.SingleAsync(p => p.Id == id);
        Assert.Equal(PartnerStatus.Active, partner.Status);
        Assert.Equal(80, partner.PointValueMinor);
        Assert.Equal(225, partner.SettlementFeeBp);
        Assert.Equal(400, partner.EarnRateBp);
        Assert.Equal(1500, partner.RedemptionCapBp);
        Assert.Equal("olga", partner.ReviewedBy);
        Assert.True(await db.AuditEvents.AnyAsync(e => e.Kind == "partner.approved" && e.PartnerId == id));
        await Assert.ThrowsAsync<DomainException>(() => review.ApproveAsync(id, new ApprovalTerms(1, 1, 5, 20), "olga"));
    }

    [Fact]
    public async Task Approving_InALibraryCountry_TakesItsCurrency_AndRefusesUnknownOrInactiveOnes()
    {
        var countries = Database.Get<ManageCountries>();
        await countries.SaveAsync(new SaveCountryCommand("UZ", "Uzbekistan", "UZS", 12.5m, true), "olga");
        await countries.SaveAsync(new SaveCountryCommand("KG", "Kyrgyzstan", "KGS", 1m, false), "olga");
        var id = await ApplyAsync("Samarkand Bazaar");
        var review = Database.Get<ReviewPartnerApplication>();

        var offered = await review.CountriesAsync();
        Assert.Contains(offered, c => c is { Code: "UZ", Currency: "UZS", DefaultPointValueMinor: 1250 });
        Assert.DoesNotContain(offered, c => c.Code == "KG");

        var unknown = await Assert.ThrowsAsync<ValidationException>(() => review.ApproveAsync(id, new ApprovalTerms(1, 1, 5, 20, "FR"), "olga"));
        Assert.Contains("country", unknown.Errors.Keys);
        await Assert.ThrowsAsync<ValidationException>(() => review.ApproveAsync(id, new ApprovalTerms(1, 1, 5, 20, "KG"), "olga"));
        await Assert.ThrowsAsync<ValidationException>(() => review.ApproveAsync(id, new ApprovalTerms(1, 1, 5, 20, "Uzbekistan"), "olga"));
        await using (var db = Database.Open())
        {
            // Nothing half-written by the refused attempts.
            var untouched = await db.Partners.SingleAsync(p => p.Id == id);
            Assert.Equal((PartnerStatus.Applied, "KZ", "KZT"), (untouched.Status, untouched.Country, untouched.Currency));
        }

        await review.ApproveAsync(id, new ApprovalTerms(12.5m, 1.5m, 5, 20, "uz"), "olga");

        await using var check = Database.Open();
        var partner = await check.Partners.SingleAsync(p => p.Id == id);
        Assert.Equal((PartnerStatus.Active, "UZ", "UZS", 1250L), (partner.Status, partner.Country, partner.Currency, partner.PointValueMinor));
        Assert.True(await check.AuditEvents.AnyAsync(e => e.Kind == "partner.approved" && e.PartnerId == id && e.Summary.Contains("UZS")));
        // Once approved, the country (and with it the currency of the ledger) is settled.
        Assert.Throws<DomainException>(() => partner.SetCountry("KZ", "KZT"));
    }

    [Fact]
    public async Task Rejecting_NeedsAReason_AndTellsTheApplicantByEmail()
    {
        var id = await ApplyAsync("Fly-by-night LLP");
        var review = Database.Get<ReviewPartnerApplication>();

        await Assert.ThrowsAsync<ValidationException>(() => review.RejectAsync(id, "no", "olga"));
        await review.RejectAsync(id, "The tax ID does not match the legal name.", "olga");

        await using var db = Database.Open();
        Assert.Equal(PartnerStatus.Rejected, (await db.Partners.SingleAsync(p => p.Id == id)).Status);
        var email = await db.OutgoingMessages.SingleAsync(m => m.Recipient == "owner@shyraq.example");
        Assert.Equal(MessageChannel.Email, email.Channel);
        Assert.True(email.IsTransactional);
        Assert.Contains("The tax ID does not match the legal name.", email.Body);
        await Database.Get<DispatchOutbox>().HandleAsync();
        Assert.Contains(Database.Email.Sent, m => m.To == "owner@shyraq.example" && m.Text.Contains("tax ID"));
    }

    [Fact]
    public async Task Suspending_StopsThePartnersTillsAtOnce_AndActivatingResumesThem()
    {
        var authenticate = Database.Get<AuthenticateTerminal>();
        Assert.NotNull(await authenticate.HandleAsync(Scenario.ApiKey)); // cached now
        var status = Database.Get<ChangePartnerStatus>();

        await status.SuspendAsync(Scenario.Partner.Id, "Contract on hold", "olga");
        Assert.Null(await authenticate.HandleAsync(Scenario.ApiKey));

        await status.ActivateAsync(Scenario.Partner.Id, "Contract renewed", "olga");
        Assert.NotNull(await authenticate.HandleAsync(Scenario.ApiKey));
    }

    private async Task<Guid> ApplyAsync(string name)
    {
        await using var db = Database.Open();
        var partner = new Partner(name, "p-" + Guid.NewGuid().ToString("N")[..8], BusinessArea.Other, "KZ", "KZT", "Asia/Almaty", Database.Clock.GetUtcNow().UtcDateTime)
        {
            ContactEmail = "owner@shyraq.example", ContactName = "Aliya",
        };
        db.Partners.Add(partner);
        await db.SaveChangesAsync();
        return partner.Id;
    }
}
