using Loyalty.Core.Audit;
using Loyalty.Core.Common;
using Loyalty.Core.Pos;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Programs;

public sealed record TierForm(string Name, decimal SpendThreshold, decimal EarnPercent, decimal RedemptionCapPercent);

/// <summary>The program settings as the operator edits them: money in major units, points and percents as people type them.</summary>
public sealed record ProgramForm(
    string Name, string Currency, int PointsExpiryMonths, decimal WelcomeBonus, int WelcomeBonusValidityDays, int TierWindowDays, IReadOnlyList<TierForm> Tiers,
    string? ReferralPercents = null);

/// <summary>Operator staff change the program: expiry, welcome bonus, tiers. Tiers are replaced as a whole; members are re-tiered at once.</summary>
public sealed class UpdateProgram(ILoyaltyDbFactory dbs, TimeProvider clock, RecalculateTiers recalculate, PosReferenceData reference) : IUseCase
{
    public async Task HandleAsync(ProgramForm form, string actor, CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(form.Name) || form.Name.Length > 100) errors["name"] = ["The program needs a name of at most 100 characters."];
        if (form.PointsExpiryMonths is < 1 or > 120) errors["pointsExpiryMonths"] = ["Points expire after 1 to 120 months."];
        if (form.WelcomeBonusValidityDays is < 1 or > 3650) errors["welcomeBonusValidityDays"] = ["The welcome bonus lasts 1 to 3,650 days."];
        if (form.TierWindowDays is < 30 or > 3650) errors["tierWindowDays"] = ["The tier window is 30 to 3,650 days."];
        if (form.WelcomeBonus < 0 || form.WelcomeBonus > 1_000_000 || !PointValue.TryFromDecimal(form.WelcomeBonus, out var welcome))
        {
            errors["welcomeBonus"] = ["The welcome bonus is 0 to 1,000,000 points with at most two decimals."];
            welcome = 0;
        }
        // Referral levels as typed ("3; 1; 1"); null leaves them as they are (0065).
        IReadOnlyList<int> referralRates = [];
        if (form.ReferralPercents is not null && !Referrals.ReferralRules.TryParsePercents(form.ReferralPercents, out referralRates, out var referralError))
            errors["referralPercents"] = [referralError!];
        var tiers = new List<Tier>();
        for (var i = 0; i < form.Tiers.Count; i++)
        {
            var t = form.Tiers[i];
            if (string.IsNullOrWhiteSpace(t.Name) || t.Name.Length > 50) errors[$"tiers[{i}].name"] = ["A tier needs a name of at most 50 characters."];
            if (t.SpendThreshold < 0 || !Money.TryToMinor(t.SpendThreshold, form.Currency, out var threshold)) { errors[$"tiers[{i}].spendThreshold"] = ["The threshold is a positive amount."]; threshold = 0; }
            var earn = Percent.ToBasisPoints(t.EarnPercent, $"tiers[{i}].earnPercent", "The earn rate", errors);
            var cap = Percent.ToBasisPoints(t.RedemptionCapPercent, $"tiers[{i}].redemptionCapPercent", "The redemption cap", errors);
            if (tiers.Any(x => x.SpendThreshold == threshold)) errors[$"tiers[{i}].spendThreshold"] = ["Two tiers start at the same spend."];
            tiers.Add(new Tier(t.Name?.Trim() ?? "", 0, threshold, earn, cap));
        }
        if (errors.Count > 0) throw new ValidationException(errors);

        await using (var db = dbs.Create())
        {
            await using var tx = await db.BeginWriteAsync(ct);
            var settings = await db.ProgramSettings.OrderBy(p => p.Id).FirstOrDefaultAsync(ct);
            if (settings is null) db.ProgramSettings.Add(settings = new ProgramSettings());
            settings.Name = form.Name.Trim();
            settings.PointsExpiryMonths = form.PointsExpiryMonths;
            settings.WelcomeBonus = welcome;
            settings.WelcomeBonusValidityDays = form.WelcomeBonusValidityDays;
            settings.TierWindowDays = form.TierWindowDays;
            if (form.ReferralPercents is not null) settings.ReferralRatesBp = Referrals.ReferralRules.FormatRates(referralRates);

            // Ranks follow the thresholds, so the order on the form does not matter.
            var ordered = tiers.OrderBy(t => t.SpendThreshold).ToList();
            for (var rank = 0; rank < ordered.Count; rank++) ordered[rank].Rank = rank + 1;
            await db.Customers.Where(c => c.TierId != null).ExecuteUpdateAsync(s => s.SetProperty(c => c.TierId, (Guid?)null), ct);
            await db.Tiers.ExecuteDeleteAsync(ct);
            db.Tiers.AddRange(ordered);
            db.AuditEvents.Add(new AuditEvent(clock.GetUtcNow().UtcDateTime, "program.changed", actor,
                $"Expiry {form.PointsExpiryMonths} months, welcome {form.WelcomeBonus} points for {form.WelcomeBonusValidityDays} days, {ordered.Count} tier(s)"));
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            reference.Forget();
        }
        await recalculate.HandleAsync(ct);
    }
}
