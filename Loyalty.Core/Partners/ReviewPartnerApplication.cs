using Loyalty.Core.Audit;
using Loyalty.Core.Common;
using Loyalty.Core.Messaging;
using Loyalty.Core.Pos;
using Loyalty.Core.Programs;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Partners;

public sealed record ApplicationRow(Guid Id, string Name, AreaLabel Area, string? City, string? LegalName, string? TaxId,
    string? ContactName, string? ContactEmail, string? ContactPhone, string? Website, string? Description, PartnerStatus Status,
    DateTime AppliedAt, DateTime? ReviewedAt, string? ReviewedBy, string? RejectionReason, string Currency, string Country = "");

/// <summary>
/// What the operator agrees with a new partner: the country it trades in (from the library; its currency follows), the money
/// side of the contract and the starting reward rules. No country keeps the one the application came with.
/// </summary>
public sealed record ApprovalTerms(decimal PointValue, decimal FeePercent, decimal EarnPercent, decimal RedemptionCapPercent, string? Country = null);

/// <summary>A country the operator may approve a partner in: an active library entry, with its currency and starting point value.</summary>
public sealed record ApprovalCountry(string Code, string Name, string Currency, long DefaultPointValueMinor);

/// <summary>The approved partner, for inviting its first admin.</summary>
public sealed record ApprovedPartner(Guid Id, string Name, string ContactEmail, string? ContactName);

/// <summary>
/// Applications to join the coalition: waiting ones first, then the last 90 days' decisions. Approving sets the contract
/// and reward rules and makes the partner active at once (its admin needs a working cabinet to add stores and terminals);
/// rejecting records the reason and e-mails it to the applicant through the outbox.
/// </summary>
public sealed class ReviewPartnerApplication(ILoyaltyDbFactory dbs, TimeProvider clock, PosReferenceData reference) : IUseCase
{
    public async Task<IReadOnlyList<ApplicationRow>> ListAsync(CancellationToken ct = default)
    {
        var since = clock.GetUtcNow().UtcDateTime.AddDays(-90);
        await using var db = dbs.Create();
        return await db.Partners.AsNoTracking()
            .Where(p => p.Status == PartnerStatus.Applied || (p.ReviewedAt != null && p.ReviewedAt >= since && p.Status != PartnerStatus.Applied))
            .OrderBy(p => p.Status == PartnerStatus.Applied ? 0 : 1).ThenByDescending(p => p.AppliedAt).Take(200)
            .Join(db.BusinessAreas, p => p.AreaId, a => a.Id, (p, a) => new { p, Area = new AreaLabel(a.Id, a.Name, a.NameRu, a.IsManufacturer, a.IsArchived) })
            .Select(x => new { x.p, x.Area })
            .Select(x => new ApplicationRow(x.p.Id, x.p.Name, x.Area, x.p.City, x.p.LegalName, x.p.TaxId, x.p.ContactName, x.p.ContactEmail, x.p.ContactPhone,
                x.p.Website, x.p.Description, x.p.Status, x.p.AppliedAt, x.p.ReviewedAt, x.p.ReviewedBy, x.p.RejectionReason, x.p.Currency, x.p.Country))
            .ToListAsync(ct);
    }

    /// <summary>The active countries of the library, for the approval dialog; the program's home country first.</summary>
    public async Task<IReadOnlyList<ApprovalCountry>> CountriesAsync(CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var home = (await GetProgram.LoadAsync(db, ct)).Settings.DefaultRegion;
        var rows = await db.Countries.AsNoTracking().Where(c => c.IsActive)
            .Select(c => new ApprovalCountry(c.Code, c.Name, c.Currency, c.DefaultPointValueMinor)).ToListAsync(ct);
        return rows.OrderBy(c => c.Code == home ? 0 : 1).ThenBy(c => c.Name).ToList();
    }

    public async Task<ApprovedPartner> ApproveAsync(Guid partnerId, ApprovalTerms terms, string actor, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = dbs.Create();
        await using var tx = await db.BeginWriteAsync(ct);
        var partner = await FindAsync(db, partnerId, ct);
        if (string.IsNullOrWhiteSpace(partner.ContactEmail))
            throw ValidationException.For("contactEmail", "The application has no contact e-mail to invite the partner's admin.");
        if (!string.IsNullOrWhiteSpace(terms.Country))
        {
            // The library is the only source of a country and its currency: an unknown or switched-off one is refused
            // rather than guessed, because the partner's amounts and ledger are kept in that currency from now on.
            var code = CoalitionCountry.NormalizeCode(terms.Country);
            var country = code is null ? null : await db.Countries.AsNoTracking().FirstOrDefaultAsync(c => c.Code == code && c.IsActive, ct);
            if (country is null) throw ValidationException.For("country", "Choose a country from the coalition's library.");
            partner.SetCountry(country.Code, country.Currency);
        }
        var (value, fee) = UpdatePartnerContract.Parse(new ContractTerms(terms.PointValue, terms.FeePercent), partner.Currency);
        var errors = new Dictionary<string, string[]>();
        var earn = Percent.ToBasisPoints(terms.EarnPercent, "earnPercent", "The earn rate", errors);
        var cap = Percent.ToBasisPoints(terms.RedemptionCapPercent, "redemptionCapPercent", "The redemption cap", errors);
        if (errors.Count > 0) throw new ValidationException(errors);
        partner.SetContract(value, fee);
        partner.SetRewards(earn, cap, partner.UsesProgramTiers);
        partner.Approve(now, actor);
        partner.Activate(now);
        db.AuditEvents.Add(new AuditEvent(now, "partner.approved", actor,
            $"{partner.Name} approved in {partner.Country}: point {terms.PointValue} {partner.Currency}, fee {terms.FeePercent} %, earn {terms.EarnPercent} %, cap {terms.RedemptionCapPercent} %", partnerId));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        reference.Forget();
        return new ApprovedPartner(partner.Id, partner.Name, partner.ContactEmail!, partner.ContactName);
    }

    public async Task RejectAsync(Guid partnerId, string reason, string actor, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = dbs.Create();
        await using var tx = await db.BeginWriteAsync(ct);
        var partner = await FindAsync(db, partnerId, ct);
        partner.Reject(reason ?? "", now, actor);
        if (!string.IsNullOrWhiteSpace(partner.ContactEmail))
        {
            // Queued in the same transaction as the decision: the applicant hears of it exactly when it is recorded.
            var greeting = string.IsNullOrWhiteSpace(partner.ContactName) ? "Hello," : $"Hello {partner.ContactName},";
            db.OutgoingMessages.Add(new OutgoingMessage(MessageChannel.Email, partner.ContactEmail!, $"Your application to join OneCard: {partner.Name}",
                $"{greeting}\n\nThank you for applying to join the OneCard coalition with {partner.Name}. We cannot accept the application at this time.\n\n" +
                $"Reason: {partner.RejectionReason}\n\nYou are welcome to apply again once this is resolved.\n\nThe OneCard team",
                isTransactional: true, now));
        }
        db.AuditEvents.Add(new AuditEvent(now, "partner.rejected", actor, $"{partner.Name} rejected: {partner.RejectionReason}", partnerId));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    private static async Task<Partner> FindAsync(ILoyaltyDb db, Guid id, CancellationToken ct) =>
        await db.Partners.FirstOrDefaultAsync(p => p.Id == id, ct)
        ?? throw DomainException.NotFound("partner-not-found", "This partner does not exist.");
}
