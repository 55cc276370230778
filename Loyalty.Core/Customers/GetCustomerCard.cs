using Loyalty.Core.Common;
using Loyalty.Core.Points;
using Loyalty.Core.Programs;
using Loyalty.Core.Segments;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Customers;

public sealed record CardInfo(Guid Id, string Number, CardStatus Status, DateTime IssuedAt, DateTime? LinkedAt);

/// <summary>What one partner knows of the member: its RFM segment and purchase activity there (the coalition row has no partner).</summary>
public sealed record PartnerActivity(string Partner, RfmSegment? Segment, int Purchases, long Spend, DateTime? LastPurchaseAt);

public sealed record MemberRef(Guid Id, string Name, string Phone);

public sealed record CustomerCard(
    Guid Id, string Name, string Phone, string? Email, string? City, CustomerStatus Status, DateTime RegisteredAt, string Source,
    string? Tier, long MainBalance, long PromoBalance, long Debt, IReadOnlyList<CardInfo> Cards,
    DateOnly? BirthDate = null, Gender Gender = Gender.Unspecified, bool EmailConsent = false, bool SmsConsent = false,
    MemberRef? MergedInto = null, IReadOnlyList<MemberRef>? MergedFrom = null,
    IReadOnlyList<PartnerActivity>? Activity = null, IReadOnlyList<string>? Segments = null, string? FirstName = null, string? LastName = null);

/// <summary>The operator's full view of one member: profile, cards, both accounts, activity and segments per partner, merges.</summary>
public sealed class GetCustomerCard(ILoyaltyDbFactory dbs) : IUseCase
{
    public async Task<CustomerCard> HandleAsync(Guid customerId, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var c = await db.Customers.AsNoTracking().FirstOrDefaultAsync(x => x.Id == customerId, ct)
            ?? throw DomainException.NotFound("customer-not-found", "No member with this id.");
        var program = await GetProgram.LoadAsync(db, ct);
        var accounts = await db.LedgerAccounts.AsNoTracking().Where(a => a.CustomerId == customerId).ToListAsync(ct);
        var cards = await db.Cards.AsNoTracking().Where(k => k.CustomerId == customerId).OrderBy(k => k.LinkedAt)
            .Select(k => new CardInfo(k.Id, k.Number, k.Status, k.IssuedAt, k.LinkedAt)).ToListAsync(ct);
        var mergedInto = c.MergedIntoId is { } target
            ? await db.Customers.AsNoTracking().Where(x => x.Id == target).Select(x => new MemberRef(x.Id, x.FirstName + (x.LastName == null ? "" : " " + x.LastName), x.Phone)).FirstOrDefaultAsync(ct)
            : null;
        var mergedFrom = await db.Customers.AsNoTracking().Where(x => x.MergedIntoId == customerId)
            .Select(x => new MemberRef(x.Id, x.FirstName + (x.LastName == null ? "" : " " + x.LastName), x.Phone)).ToListAsync(ct);
        var activity = await db.CustomerProfiles.AsNoTracking().Where(p => p.CustomerId == customerId)
            .GroupJoin(db.Partners, p => p.PartnerId, partner => partner.Id, (p, partners) => new { p, partners })
            .SelectMany(x => x.partners.DefaultIfEmpty(), (x, partner) => new { x.p.Segment, x.p.PurchasesTotal, x.p.SpendTotal, x.p.LastPurchaseAt, Name = partner == null ? null : partner.Name })
            .ToListAsync(ct);
        var segments = await db.SegmentMembers.AsNoTracking().Where(m => m.CustomerId == customerId)
            .Join(db.Segments, m => m.SegmentId, s => s.Id, (m, s) => new { s.Name, s.OwnerPartnerId })
            .GroupJoin(db.Partners, s => s.OwnerPartnerId, p => p.Id, (s, ps) => new { s, ps })
            .SelectMany(x => x.ps.DefaultIfEmpty(), (x, p) => new { x.s.Name, Owner = p == null ? null : p.Name })
            .ToListAsync(ct);
        return new CustomerCard(c.Id, c.DisplayName, c.Phone, c.Email, c.City, c.Status, c.RegisteredAt, c.Source,
            c.TierId is { } tierId ? program.Tiers.FirstOrDefault(t => t.Id == tierId)?.Name : null,
            accounts.FirstOrDefault(a => a.Kind == AccountKind.CustomerMain)?.Balance ?? 0,
            accounts.FirstOrDefault(a => a.Kind == AccountKind.CustomerPromo)?.Balance ?? 0,
            await db.PointsDebts.Where(d => d.CustomerId == customerId).SumAsync(d => d.Remaining, ct),
            cards, c.BirthDate, c.Gender, c.EmailConsentAt is not null, c.SmsConsentAt is not null, mergedInto, mergedFrom,
            // The coalition-wide profile (no partner) first, then partners by spend.
            activity.OrderBy(a => a.Name is null ? 0 : 1).ThenByDescending(a => a.SpendTotal)
                .Select(a => new PartnerActivity(a.Name ?? "", a.Segment, a.PurchasesTotal, a.SpendTotal, a.LastPurchaseAt)).ToList(),
            segments.Select(s => s.Owner is null ? s.Name : $"{s.Name} ({s.Owner})").OrderBy(s => s).ToList(), c.FirstName, c.LastName);
    }
}
