using Loyalty.Core.Audit;
using Loyalty.Core.Common;
using Loyalty.Core.Pos;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Partners;

public sealed record CategoryRate(string Category, decimal EarnPercent);

/// <summary>From a total spend (major units) at the partner, a discount in percent.</summary>
public sealed record DiscountStepRate(decimal FromSpend, decimal DiscountPercent);

/// <summary>What a partner gives and accepts: percentages as people type them (5 = 5 %, two decimals at most).</summary>
public sealed record RewardSettingsForm(
    decimal EarnPercent,
    decimal RedemptionCapPercent,
    bool UsesProgramTiers,
    IReadOnlyList<CategoryRate> Categories,
    ProgramType Type = ProgramType.Points,
    decimal DiscountPercent = 0,
    IReadOnlyList<DiscountStepRate>? Steps = null);

public sealed class GetRewardSettings(ILoyaltyDbFactory dbs) : IUseCase
{
    public async Task<RewardSettingsForm> HandleAsync(Guid partnerId, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var partner = await db.Partners.AsNoTracking().FirstOrDefaultAsync(p => p.Id == partnerId, ct)
            ?? throw DomainException.NotFound("partner-not-found", "This partner does not exist.");
        var categories = await db.PartnerCategoryRates.AsNoTracking().Where(r => r.PartnerId == partnerId).OrderBy(r => r.Category)
            .Select(r => new CategoryRate(r.Category, r.EarnRateBp / 100m)).ToListAsync(ct);
        var steps = await db.PartnerDiscountSteps.AsNoTracking().Where(s => s.PartnerId == partnerId).OrderBy(s => s.SpendThreshold)
            .Select(s => new { s.SpendThreshold, s.DiscountBp }).ToListAsync(ct);
        return new RewardSettingsForm(partner.EarnRateBp / 100m, partner.RedemptionCapBp / 100m, partner.UsesProgramTiers, categories,
            partner.ProgramType, partner.DiscountBp / 100m,
            steps.Select(s => new DiscountStepRate(Money.ToMajor(s.SpendThreshold, partner.Currency), s.DiscountBp / 100m)).ToList());
    }
}

/// <summary>
/// A partner admin sets the base earn rate, the redemption cap, category overrides and whether the program's tiers
/// decide instead. Applies to purchases from the next one on; audited.
/// </summary>
public sealed class UpdateRewardSettings(ILoyaltyDbFactory dbs, TimeProvider clock, PosReferenceData reference) : IUseCase
{
    public async Task HandleAsync(Guid partnerId, RewardSettingsForm form, string actor, CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string[]>();
        var earn = Percent.ToBasisPoints(form.EarnPercent, "earnPercent", "The earn rate", errors);
        var cap = Percent.ToBasisPoints(form.RedemptionCapPercent, "redemptionCapPercent", "The redemption cap", errors);
        var categories = new List<(string Name, int Bp)>();
        for (var i = 0; i < form.Categories.Count; i++)
        {
            var name = form.Categories[i].Category?.Trim() ?? "";
            if (name.Length is 0 or > 100) errors[$"categories[{i}].category"] = ["A category name has 1 to 100 characters."];
            else if (categories.Any(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase))) errors[$"categories[{i}].category"] = [$"\"{name}\" is listed twice."];
            var bp = Percent.ToBasisPoints(form.Categories[i].EarnPercent, $"categories[{i}].earnPercent", "A category rate", errors);
            categories.Add((name, bp));
        }
        var discount = Percent.ToBasisPoints(form.DiscountPercent, "discountPercent", "The discount", errors);
        var stepRates = form.Steps ?? [];
        if (form.Type == ProgramType.CumulativeDiscount && stepRates.Count == 0)
            errors["steps"] = ["A cumulative discount needs at least one step."];
        var stepValues = new List<(decimal From, int Bp)>();
        for (var i = 0; i < stepRates.Count; i++)
        {
            if (stepRates[i].FromSpend < 0 || stepRates[i].FromSpend > 10_000_000_000m) errors[$"steps[{i}].fromSpend"] = ["The spend is a positive amount."];
            else if (stepValues.Any(v => v.From == stepRates[i].FromSpend)) errors[$"steps[{i}].fromSpend"] = ["Two steps start at the same spend."];
            stepValues.Add((stepRates[i].FromSpend, Percent.ToBasisPoints(stepRates[i].DiscountPercent, $"steps[{i}].discountPercent", "A step discount", errors)));
        }
        if (errors.Count > 0) throw new ValidationException(errors);

        await using var db = dbs.Create();
        await using var tx = await db.BeginWriteAsync(ct);
        var partner = await db.Partners.FirstOrDefaultAsync(p => p.Id == partnerId, ct)
            ?? throw DomainException.NotFound("partner-not-found", "This partner does not exist.");
        partner.SetRewards(earn, cap, form.UsesProgramTiers);
        partner.SetProgram(form.Type, discount);
        await db.PartnerDiscountSteps.Where(s => s.PartnerId == partnerId).ExecuteDeleteAsync(ct);
        foreach (var (from, bp) in stepValues)
        {
            if (!Money.TryToMinor(from, partner.Currency, out var threshold))
                throw ValidationException.For("steps", $"A spend has more decimals than {partner.Currency} allows.");
            db.PartnerDiscountSteps.Add(new PartnerDiscountStep(partnerId, threshold, bp));
        }
        await db.PartnerCategoryRates.Where(r => r.PartnerId == partnerId).ExecuteDeleteAsync(ct);
        db.PartnerCategoryRates.AddRange(categories.Select(c => new PartnerCategoryRate(partnerId, c.Name, c.Bp)));
        db.AuditEvents.Add(new AuditEvent(clock.GetUtcNow().UtcDateTime, "partner.rewards-changed", actor,
            $"{form.Type}: earn {form.EarnPercent} %, discount {form.DiscountPercent} %, cap {form.RedemptionCapPercent} %, tiers {(form.UsesProgramTiers ? "on" : "off")}, {categories.Count} category rate(s)", partnerId));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        reference.Forget();
    }
}
