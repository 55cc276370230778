using Loyalty.Core.Common;
using Loyalty.Core.Customers;
using Loyalty.Core.Messaging;
using Loyalty.Core.Points;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Campaigns;

public sealed record TriggerRun(int Campaigns, int Rewarded, int HeldOut, int Skipped);

/// <summary>
/// The trigger campaigns (birthday, welcome sequence, win-back, brand subscription, profile completion, expiry reminder),
/// run by Quartz every hour (docs/decisions/0062-triggers.md). Each launched campaign picks the members whose occasion
/// has come and who have no reward row for it yet (an anti-join in the database), then writes, per chunk, in one
/// transaction: the budget claim, the reward row, the points (through the ledger) or the certificate, and the greeting.
/// The unique (campaign, member, occasion) key makes a second run — or a run that crashed half-way — give nothing twice.
/// </summary>
public sealed class RunCampaignTriggers(ILoyaltyDbFactory dbs, TimeProvider clock, ActiveCampaigns active) : IUseCase
{
    /// <summary>Members handled per transaction: the writer lock is held for one chunk only.</summary>
    public const int Chunk = 200;

    /// <summary>Members per campaign per run; the next run continues.</summary>
    public const int MaxPerRun = 5_000;

    private sealed record Candidate(Guid CustomerId, string FirstName, string Occasion);

    public async Task<TriggerRun> HandleAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        List<Campaign> campaigns;
        await using (var db = dbs.Create())
        {
            campaigns = await db.Campaigns.AsNoTracking()
                .Where(c => c.Type != CampaignType.PurchaseBonus && c.Type != CampaignType.SpecialOffer
                    && (c.Status == CampaignStatus.Scheduled || c.Status == CampaignStatus.Active) && c.StartsAt <= now && (c.EndsAt == null || c.EndsAt > now))
                .OrderBy(c => c.CreatedAt).ToListAsync(ct);
        }
        int rewarded = 0, heldOut = 0, skipped = 0;
        foreach (var campaign in campaigns)
        {
            var done = 0;
            while (done < MaxPerRun)
            {
                await using var db = dbs.Create();
                var candidates = await CandidatesAsync(db, campaign, now, ct);
                if (candidates.Count == 0) break;
                var (r, h, s, budgetSpent) = await RewardAsync(db, campaign, candidates, now, ct);
                rewarded += r; heldOut += h; skipped += s;
                done += candidates.Count;
                if (budgetSpent || candidates.Count < Chunk) break;
            }
        }
        return new TriggerRun(campaigns.Count, rewarded, heldOut, skipped);
    }

    /// <summary>Members due for this campaign with no reward row for their occasion yet, at most one chunk.</summary>
    private static async Task<List<Candidate>> CandidatesAsync(ILoyaltyDb db, Campaign c, DateTime now, CancellationToken ct)
    {
        var members = db.Customers.AsNoTracking().Where(m => m.Status == CustomerStatus.Active);
        if (c.OwnerPartnerId is { } owner)
        {
            // A partner reaches its own members: those who bought there or subscribed to it (as segments and mailings do).
            members = members.Where(m => db.Purchases.Any(p => p.CustomerId == m.Id && p.PartnerId == owner)
                || db.PartnerSubscriptions.Any(s => s.CustomerId == m.Id && s.PartnerId == owner));
        }
        if (c.SegmentId is { } segment) members = members.Where(m => db.SegmentMembers.Any(s => s.SegmentId == segment && s.CustomerId == m.Id));
        var rewards = db.CampaignRewards.Where(r => r.CampaignId == c.Id);
        var today = DateOnly.FromDateTime(now);

        switch (c.Type)
        {
            case CampaignType.Birthday:
            {
                // Birthdays from today to N days ahead; occasion = the birthday's year. 29 February counts as 28 February in other years.
                var result = new List<Candidate>();
                for (var d = 0; d <= c.TriggerDays && result.Count < Chunk; d++)
                {
                    var day = today.AddDays(d);
                    var occasion = $"birthday-{day.Year}";
                    var leapCase = day.Month == 2 && day.Day == 28 && !DateTime.IsLeapYear(day.Year);
                    var found = await members.Where(m => m.BirthDate != null
                            && ((m.BirthDate.Value.Month == day.Month && m.BirthDate.Value.Day == day.Day) || (leapCase && m.BirthDate.Value.Month == 2 && m.BirthDate.Value.Day == 29))
                            && !rewards.Any(r => r.CustomerId == m.Id && r.Occasion == occasion))
                        .OrderBy(m => m.Id).Take(Chunk - result.Count).Select(m => new Candidate(m.Id, m.FirstName, occasion)).ToListAsync(ct);
                    result.AddRange(found);
                }
                return result;
            }
            case CampaignType.Welcome:
            {
                // Members who joined since the campaign started, once their step is due.
                var due = now.AddDays(-c.TriggerDays);
                return await members.Where(m => m.RegisteredAt >= c.StartsAt && m.RegisteredAt <= due && !rewards.Any(r => r.CustomerId == m.Id))
                    .OrderBy(m => m.Id).Take(Chunk).Select(m => new Candidate(m.Id, m.FirstName, "welcome")).ToListAsync(ct);
            }
            case CampaignType.WinBack:
            {
                // Lapsed: the last purchase (at the owner, or anywhere for the operator) is older than N days and newer
                // than a year, and nothing was given since it. Occasion = the last purchase's day: a new lapse, a new reward.
                var cutoff = now.AddDays(-c.TriggerDays);
                var horizon = cutoff.AddDays(-365);
                var purchases = db.Purchases.Where(p => c.OwnerPartnerId == null || p.PartnerId == c.OwnerPartnerId);
                var lapsed = await members
                    .Select(m => new { m.Id, m.FirstName, Last = purchases.Where(p => p.CustomerId == m.Id).Max(p => (DateTime?)p.OccurredAt) })
                    .Where(x => x.Last != null && x.Last < cutoff && x.Last >= horizon && !rewards.Any(r => r.CustomerId == x.Id && r.At > x.Last))
                    .OrderBy(x => x.Id).Take(Chunk).ToListAsync(ct);
                return lapsed.Select(x => new Candidate(x.Id, x.FirstName, $"lapse-{x.Last!.Value:yyyyMMdd}")).ToList();
            }
            case CampaignType.BrandSubscription:
            {
                if (c.OwnerPartnerId is not { } partner) return [];
                return await members.Where(m => db.PartnerSubscriptions.Any(s => s.CustomerId == m.Id && s.PartnerId == partner && s.SubscribedAt >= c.StartsAt)
                        && !rewards.Any(r => r.CustomerId == m.Id))
                    .OrderBy(m => m.Id).Take(Chunk).Select(m => new Candidate(m.Id, m.FirstName, "subscription")).ToListAsync(ct);
            }
            case CampaignType.ProfileCompletion:
                return await members.Where(m => m.LastName != null && m.Email != null && m.BirthDate != null && m.City != null && !rewards.Any(r => r.CustomerId == m.Id))
                    .OrderBy(m => m.Id).Take(Chunk).Select(m => new Candidate(m.Id, m.FirstName, "profile")).ToListAsync(ct);
            case CampaignType.ExpiryReminder:
            {
                // Members with points expiring within N days; occasion = the first such expiry day, so each lot date reminds once.
                var horizon = now.AddDays(c.TriggerDays);
                var expiring = await members
                    .Select(m => new
                    {
                        m.Id, m.FirstName,
                        First = db.PointLots.Where(l => l.Remaining > 0 && l.ExpiresAt > now && l.ExpiresAt <= horizon
                                && db.LedgerAccounts.Any(a => a.Id == l.AccountId && a.CustomerId == m.Id && a.Kind == AccountKind.CustomerMain))
                            .Min(l => (DateTime?)l.ExpiresAt),
                    })
                    .Where(x => x.First != null && !rewards.Any(r => r.CustomerId == x.Id && r.At > now.AddDays(-c.TriggerDays - 1)))
                    .OrderBy(x => x.Id).Take(Chunk).ToListAsync(ct);
                return expiring.Select(x => new Candidate(x.Id, x.FirstName, $"expiry-{x.First!.Value:yyyyMMdd}")).ToList();
            }
            default:
                return [];
        }
    }

    private async Task<(int Rewarded, int HeldOut, int Skipped, bool BudgetSpent)> RewardAsync(ILoyaltyDb db, Campaign c, List<Candidate> candidates, DateTime now, CancellationToken ct)
    {
        int rewarded = 0, heldOut = 0, skipped = 0;
        var budgetSpent = false;
        await using var tx = await db.BeginWriteAsync(ct);
        var sql = await RawSql.OnAsync(db, ct);
        var hasB = c.VariantBRewardValue is not null;
        var expiryMonths = (await Programs.GetProgram.LoadAsync(db, ct)).Settings.PointsExpiryMonths;
        foreach (var m in candidates)
        {
            // Another run (another node) may have got here first: the unique key is checked again inside the write.
            if (await sql.ScalarAsync<long?>($"""SELECT {sql.Top(1)}1 FROM "CampaignRewards" WHERE "CampaignId" = @c AND "CustomerId" = @m AND "Occasion" = @o{sql.Limit(1)}""",
                    ct, ("@c", c.Id), ("@m", m.CustomerId), ("@o", m.Occasion)) is not null)
            {
                skipped++;
                continue;
            }
            var variant = c.Type == CampaignType.ExpiryReminder ? TestArm.A : CampaignRules.Assign(c.Id, m.CustomerId, c.ControlPercent, hasB);
            var value = variant == TestArm.B ? c.VariantBRewardValue!.Value : c.RewardValue;
            long points = 0;
            Guid? certificateId = null;
            if (variant != TestArm.Control && c.Type != CampaignType.ExpiryReminder)
            {
                var claimed = await sql.ExecuteAsync(
                    """UPDATE "Campaigns" SET "SpentPoints" = "SpentPoints" + @points WHERE "Id" = @id AND ("BudgetPoints" IS NULL OR "SpentPoints" + @points <= "BudgetPoints")""",
                    ct, ("@points", value), ("@id", c.Id));
                if (claimed != 1) { budgetSpent = true; break; }
                if (c.RewardKind == RewardKind.Certificate)
                {
                    var certificate = new Certificate(CertificateCodes.New(), m.CustomerId, c.OwnerPartnerId, CertificateKind.Points, value, c.CertificateCapBp,
                        now, now.AddDays(c.CertificateValidDays), CertificateSource.Trigger, c.Name, c.Id, null, now);
                    db.Certificates.Add(certificate);
                    await Webhooks.CertificateEvents.AddAsync(db, certificate, ct);
                    certificateId = certificate.Id;
                }
                else
                {
                    points = value;
                    var main = await Ledger.CustomerAccountAsync(db, m.CustomerId, ct: ct);
                    var funding = await active.FundingAccountAsync(db, c.OwnerPartnerId, ct);
                    await Ledger.PostAsync(db, now, CampaignReasons.TriggerReward, $"Reward “{c.Name}”", [new Leg(funding, -points), new Leg(main, points)],
                        m.CustomerId, c.OwnerPartnerId, lotExpiresAt: now.AddMonths(expiryMonths), ct: ct);
                }
                db.OutgoingMessages.Add(new OutgoingMessage(MessageChannel.InApp, m.CustomerId.ToString("N"), c.Name, Greeting(c, m.FirstName, value),
                    isTransactional: false, now, m.CustomerId, c.OwnerPartnerId));
                rewarded++;
            }
            else if (c.Type == CampaignType.ExpiryReminder)
            {
                db.OutgoingMessages.Add(new OutgoingMessage(MessageChannel.InApp, m.CustomerId.ToString("N"), c.Name, Greeting(c, m.FirstName, 0),
                    isTransactional: true, now, m.CustomerId, c.OwnerPartnerId));
                rewarded++;
            }
            else heldOut++;
            db.CampaignRewards.Add(new CampaignReward(c.Id, m.CustomerId, m.Occasion, variant, points, certificateId, null, now));
            await db.SaveChangesAsync(ct);
        }
        await tx.CommitAsync(ct);
        return (rewarded, heldOut, skipped, budgetSpent);
    }

    /// <summary>The campaign's own text with {name} filled in, or a default greeting per type.</summary>
    internal static string Greeting(Campaign c, string firstName, long value)
    {
        var points = PointValue.ToDecimal(value).ToString("N0", System.Globalization.CultureInfo.InvariantCulture);
        var text = c.Message ?? c.Type switch
        {
            CampaignType.Birthday => $"Happy birthday, {{name}}! Here is a {points}-point certificate for you, valid {c.CertificateValidDays} days.",
            CampaignType.Welcome => c.RewardKind == RewardKind.Certificate ? $"Welcome, {{name}}! A {points}-point certificate is waiting for you." : $"Welcome, {{name}}! {points} points are yours.",
            CampaignType.WinBack => $"We miss you, {{name}}! Here is a {points}-point certificate, valid {c.CertificateValidDays} days.",
            CampaignType.BrandSubscription => $"Thanks for subscribing, {{name}}! {points} points are yours.",
            CampaignType.ProfileCompletion => $"Thanks for completing your profile, {{name}}! {points} points are yours.",
            CampaignType.ExpiryReminder => "{name}, some of your points expire soon. Spend them before they are gone!",
            _ => c.Name,
        };
        return text.Replace("{name}", firstName, StringComparison.Ordinal);
    }
}
