using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Customers;

public sealed record MemberDataExport(
    DateTime ExportedAt,
    MemberDataProfile Profile,
    IReadOnlyList<PlasticCardView> Cards,
    IReadOnlyList<MemberDataTransfer> Transfers,
    IReadOnlyList<MemberDataPurchase> Purchases,
    IReadOnlyList<MemberDataReview> Reviews,
    IReadOnlyList<MemberDataSubscription> Subscriptions);

public sealed record MemberDataProfile(Guid Id, string Phone, string FirstName, string? LastName, string? Email, DateOnly? BirthDate, string Gender,
    string? City, string Language, DateTime RegisteredAt, string Source, DateTime? EmailConsentAt, DateTime? SmsConsentAt, decimal MainBalance, decimal PromoBalance);

public sealed record MemberDataTransfer(DateTime OccurredAt, string Reason, string Description, decimal Main, decimal Promo);

public sealed record MemberDataPurchase(DateTime OccurredAt, string Partner, string ReceiptNumber, decimal Amount, string Currency, decimal Earned, decimal Redeemed);

public sealed record MemberDataReview(DateTime CreatedAt, string Partner, int Rating, string? Text, string? Reply);

public sealed record MemberDataSubscription(string Partner, DateTime SubscribedAt);

/// <summary>"Download my data": everything the program holds about the member, as the member would read it.</summary>
public sealed class ExportMemberData(ILoyaltyDbFactory dbs, ListMemberHistory history, TimeProvider clock) : IUseCase
{
    /// <summary>A member with more transfers than this gets the newest; the ledger keeps the rest.</summary>
    public const int MaxRows = 50_000;

    public async Task<MemberDataExport> HandleAsync(Guid customerId, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var c = await db.Customers.AsNoTracking().FirstOrDefaultAsync(x => x.Id == customerId, ct)
            ?? throw DomainException.NotFound("customer-not-found", "This member does not exist.");
        var balances = await db.LedgerAccounts.AsNoTracking().Where(a => a.CustomerId == customerId).Select(a => new { a.Kind, a.Balance }).ToListAsync(ct);
        var profile = new MemberDataProfile(c.Id, c.Phone, c.FirstName, c.LastName, c.Email, c.BirthDate, c.Gender.ToString(), c.City, c.Language,
            c.RegisteredAt, c.Source, c.EmailConsentAt, c.SmsConsentAt,
            PointValue.ToDecimal(balances.Where(b => b.Kind == Points.AccountKind.CustomerMain).Sum(b => b.Balance)),
            PointValue.ToDecimal(balances.Where(b => b.Kind == Points.AccountKind.CustomerPromo).Sum(b => b.Balance)));
        var cards = await db.Cards.AsNoTracking().Where(k => k.CustomerId == customerId)
            .Select(k => new PlasticCardView(k.Id, k.Number, k.Status, k.LinkedAt)).ToListAsync(ct);
        var transfers = await AllTransfersAsync(customerId, ct);
        var purchases = await db.Purchases.AsNoTracking().Where(p => p.CustomerId == customerId).OrderByDescending(p => p.OccurredAt).Take(MaxRows)
            .Select(p => new { p.OccurredAt, Partner = db.Partners.Where(x => x.Id == p.PartnerId).Select(x => x.Name).First(), p.ReceiptNumber, p.Amount, p.Currency, p.EarnedPoints, p.RedeemedPoints })
            .ToListAsync(ct);
        var reviews = await db.Reviews.AsNoTracking().Where(r => r.CustomerId == customerId)
            .Select(r => new MemberDataReview(r.CreatedAt, db.Partners.Where(x => x.Id == r.PartnerId).Select(x => x.Name).First(), r.Rating, r.Text, r.Reply))
            .ToListAsync(ct);
        var subscriptions = await db.PartnerSubscriptions.AsNoTracking().Where(s => s.CustomerId == customerId)
            .Select(s => new MemberDataSubscription(db.Partners.Where(x => x.Id == s.PartnerId).Select(x => x.Name).First(), s.SubscribedAt))
            .ToListAsync(ct);
        return new MemberDataExport(clock.GetUtcNow().UtcDateTime, profile, cards,
            transfers.Select(t => new MemberDataTransfer(t.OccurredAt, t.Kind.ToString(), t.Description, PointValue.ToDecimal(t.Main), PointValue.ToDecimal(t.Promo))).ToList(),
            purchases.Select(p => new MemberDataPurchase(p.OccurredAt, p.Partner, p.ReceiptNumber, Money.ToMajor(p.Amount, p.Currency), p.Currency,
                PointValue.ToDecimal(p.EarnedPoints), PointValue.ToDecimal(p.RedeemedPoints))).ToList(),
            reviews, subscriptions);
    }

    private async Task<IReadOnlyList<HistoryRow>> AllTransfersAsync(Guid customerId, CancellationToken ct)
    {
        var all = new List<HistoryRow>();
        for (var page = 0; all.Count < MaxRows; page++)
        {
            var chunk = await history.HandleAsync(customerId, new HistoryFilter(null, null, null, page, 100), ct);
            all.AddRange(chunk.Items);
            if (chunk.Items.Count < 100) break;
        }
        return all;
    }
}
