using Loyalty.Core.Audit;
using Loyalty.Core.Common;
using Loyalty.Core.Points;
using Loyalty.Core.Programs;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Contests;

public sealed class PrizeForm
{
    public PrizeKind Kind { get; set; } = PrizeKind.Points;
    public string? Title { get; set; }

    /// <summary>Points per winner (two decimals), for points prizes; the certificate's value in points for certificate prizes.</summary>
    public decimal Points { get; set; }

    /// <summary>How many days a certificate prize can be redeemed after it is issued.</summary>
    public int CertificateValidDays { get; set; } = 90;

    public int Quantity { get; set; } = 1;
}

/// <summary>What the contest editor posts. Amounts are in major units of the owner's currency.</summary>
public sealed class ContestForm
{
    public string? Title { get; set; }
    public string? Description { get; set; }
    public ContestKind Kind { get; set; }
    public DateTime? StartsAt { get; set; }
    public DateTime? EndsAt { get; set; }
    public EntryRule EntryRule { get; set; }
    public decimal AmountStep { get; set; }
    public decimal MinPurchase { get; set; }
    public LeaderboardMetric Metric { get; set; }
    public bool OnePrizePerCustomer { get; set; } = true;
    public Guid? SegmentId { get; set; }
    public List<Guid> PartnerIds { get; set; } = [];
    public List<Guid> StoreIds { get; set; } = [];
    public List<Guid> ProductIds { get; set; } = [];

    /// <summary>SKUs and categories as typed: separated by commas or new lines.</summary>
    public string? Skus { get; set; }
    public string? Categories { get; set; }

    public List<PrizeForm> Prizes { get; set; } = [new()];
}

/// <summary>
/// Creates a contest (a draw gets its secret seed and public commitment at once) or changes one that has not started.
/// Once the period starts the rules are frozen: the commitment promised a draw over exactly these rules.
/// </summary>
public sealed class SaveContest(ILoyaltyDbFactory dbs, TimeProvider clock, ISeedProtector seeds, IEnumerable<IContestEntrySource> sources) : IUseCase
{
    public const int MaxWinners = 1000;
    public const int StartSlackMinutes = 5;
    public static readonly TimeSpan MaxPeriod = TimeSpan.FromDays(366);

    public async Task<Guid> HandleAsync(Guid? ownerPartnerId, Guid? id, ContestForm form, string actor, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = dbs.Create();
        Contest? contest = null;
        if (id is { } existingId)
        {
            // Ownership is part of the lookup: another partner's contest is simply not found.
            contest = await db.Contests.Include(c => c.Prizes).FirstOrDefaultAsync(c => c.Id == existingId && c.OwnerPartnerId == ownerPartnerId, ct)
                ?? throw DomainException.NotFound("contest-not-found", "This contest does not exist.");
            if (contest.Status != ContestStatus.Scheduled)
                throw DomainException.Conflict("contest-closed", "This contest is closed; its rules can no longer change.");
            if (contest.HasStarted(now))
                throw DomainException.Conflict("contest-started", "The contest has started: its rules are frozen so that every entry counts under the rules announced.");
            if (form.Kind != contest.Kind) throw ValidationException.For("kind", "A draw cannot become a leaderboard or back; create a new contest.");
        }

        var currency = ownerPartnerId is { } partnerId
            ? await db.Partners.Where(p => p.Id == partnerId).Select(p => p.Currency).FirstOrDefaultAsync(ct)
                ?? throw DomainException.NotFound("partner-not-found", "No such partner.")
            : (await GetProgram.LoadAsync(db, ct)).Settings.Currency;
        var valid = await ValidateAsync(db, ownerPartnerId, form, currency, now, ct);

        if (contest is null)
        {
            var seed = DrawAlgorithm.NewSeed();
            contest = new Contest(ownerPartnerId, form.Kind, DrawAlgorithm.Commit(seed), seeds.Protect(seed), now, actor);
            db.Contests.Add(contest);
        }
        else
        {
            db.ContestPrizes.RemoveRange(contest.Prizes);
        }
        contest.SetRules(valid.Title, valid.Description, valid.StartsAt, valid.EndsAt, form.EntryRule, currency, valid.AmountStep, valid.MinPurchase,
            form.Metric, form.OnePrizePerCustomer, valid.Scope, valid.Prizes, now);
        db.AuditEvents.Add(new AuditEvent(now, id is null ? "contest.created" : "contest.changed", actor, $"{contest.Title} ({contest.Kind})", partnerId: ownerPartnerId));
        await using var tx = await db.BeginWriteAsync(ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return contest.Id;
    }

    private sealed record ValidForm(string Title, string? Description, DateTime StartsAt, DateTime EndsAt, long AmountStep, long MinPurchase,
        ContestScope Scope, List<ContestPrize> Prizes);

    private async Task<ValidForm> ValidateAsync(ILoyaltyDb db, Guid? owner, ContestForm form, string currency, DateTime now, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        void Error(string field, string message) => errors.TryAdd(field, [message]);

        var title = form.Title?.Trim() ?? "";
        if (title.Length == 0) Error("title", "Give the contest a title members will recognise.");
        else if (title.Length > Contest.TitleMaxLength) Error("title", $"A title has at most {Contest.TitleMaxLength} characters.");
        var description = string.IsNullOrWhiteSpace(form.Description) ? null : form.Description.Trim();
        if (description?.Length > Contest.DescriptionMaxLength) Error("description", $"The description has at most {Contest.DescriptionMaxLength} characters.");

        var startsAt = form.StartsAt is { } s ? DateTime.SpecifyKind(s, DateTimeKind.Utc) : default;
        var endsAt = form.EndsAt is { } e ? DateTime.SpecifyKind(e, DateTimeKind.Utc) : default;
        if (form.StartsAt is null) Error("startsAt", "Choose when the contest starts.");
        else if (startsAt < now.AddMinutes(-StartSlackMinutes)) Error("startsAt", "The start cannot be in the past: the commitment must be published before anyone can take part.");
        // "Now" typed a few minutes ago (the form shows whole minutes) starts now: the commitment still precedes every entry.
        else if (startsAt < now) startsAt = now;
        if (form.EndsAt is null) Error("endsAt", "Choose when the contest ends.");
        else if (form.StartsAt is not null && endsAt <= startsAt) Error("endsAt", "The end must come after the start.");
        else if (form.StartsAt is not null && endsAt - startsAt > MaxPeriod) Error("endsAt", "A contest runs at most a year.");

        long step = 0, min = 0;
        if (!Money.TryToMinor(form.MinPurchase, currency, out min) || min < 0) Error("minPurchase", "Enter a minimum receipt of zero or more, with at most two decimals.");
        if (form.Kind == ContestKind.Draw)
        {
            if (!Enum.IsDefined(form.EntryRule)) Error("entryRule", "Choose how entries are earned.");
            if (form.EntryRule == EntryRule.PerAmountStep && (!Money.TryToMinor(form.AmountStep, currency, out step) || step <= 0))
                Error("amountStep", "Enter the amount that earns one entry, e.g. 5000.");
            if (!sources.Any(x => x.Rule == form.EntryRule))
                Error("entryRule", "Choose purchases, an amount step, promo-code activations or reviews.");
            if (form.EntryRule == EntryRule.PerReview && (SplitList(form.Skus).Count > 0 || SplitList(form.Categories).Count > 0 || form.ProductIds.Count > 0))
                Error("entryRule", "A review is about a partner, not a product: leave SKUs, categories and products empty for entries per review.");
        }
        else
        {
            if (!Enum.IsDefined(form.Metric)) Error("metric", "Choose what the leaderboard ranks.");
            if (form.Metric == LeaderboardMetric.FirstActivations && form.ProductIds.Count == 0)
                Error("productIds", "Choose the products whose codes count for \"first activations\".");
        }

        var scope = await ValidateScopeAsync(db, owner, form, Error, ct);

        var prizes = new List<ContestPrize>();
        if (form.Prizes.Count == 0) Error("prizes", "Add at least one prize.");
        for (var i = 0; i < form.Prizes.Count; i++)
        {
            var p = form.Prizes[i];
            var prizeTitle = p.Title?.Trim() ?? "";
            long points = 0;
            if (prizeTitle.Length == 0) Error($"prizes[{i}].title", "Name the prize, e.g. \"50,000 points\" or \"Smartphone\".");
            else if (prizeTitle.Length > ContestPrize.TitleMaxLength) Error($"prizes[{i}].title", $"A prize name has at most {ContestPrize.TitleMaxLength} characters.");
            if (!Enum.IsDefined(p.Kind)) Error($"prizes[{i}].kind", "Choose points, a certificate or a physical prize.");
            if (p.Kind == PrizeKind.Points && (!PointValue.TryFromDecimal(p.Points, out points) || points <= 0 || p.Points > 10_000_000))
                Error($"prizes[{i}].points", "Enter the points each winner gets (up to 10,000,000).");
            if (p.Kind == PrizeKind.Certificate)
            {
                if (!PointValue.TryFromDecimal(p.Points, out points) || points <= 0 || p.Points > 10_000_000)
                    Error($"prizes[{i}].points", "Enter what the certificate is worth in points (one point pays one unit of the receipt).");
                if (p.CertificateValidDays is < 1 or > 3650) Error($"prizes[{i}].validDays", "A certificate is valid 1 to 3,650 days.");
            }
            if (p.Quantity is < 1 or > MaxWinners) Error($"prizes[{i}].quantity", $"Between 1 and {MaxWinners} winners per prize.");
            prizes.Add(new ContestPrize(i + 1, p.Kind, prizeTitle, p.Kind is PrizeKind.Points or PrizeKind.Certificate ? points : 0, p.Quantity, p.CertificateValidDays));
        }
        if (prizes.Sum(p => (long)p.Quantity) > MaxWinners) Error("prizes", $"At most {MaxWinners} winners in one contest.");

        if (errors.Count > 0) throw new ValidationException(errors);
        return new ValidForm(title, description, startsAt, endsAt, step, min, scope, prizes);
    }

    private static async Task<ContestScope> ValidateScopeAsync(ILoyaltyDb db, Guid? owner, ContestForm form, Action<string, string> error, CancellationToken ct)
    {
        // A partner's contest counts only its own purchases and products, whatever the form says.
        var partners = owner is { } own ? [own] : form.PartnerIds.Distinct().ToList();
        if (owner is null && partners.Count > 0 && await db.Partners.CountAsync(p => partners.Contains(p.Id), ct) != partners.Count)
            error("partnerIds", "One of the chosen partners does not exist.");
        var stores = form.StoreIds.Distinct().ToList();
        if (stores.Count > 0)
        {
            var known = await db.Stores.CountAsync(s => stores.Contains(s.Id) && (partners.Count == 0 || partners.Contains(s.PartnerId)), ct);
            if (known != stores.Count) error("storeIds", "Choose stores of the participating partners.");
        }
        var products = form.ProductIds.Distinct().ToList();
        if (products.Count > 0)
        {
            var known = await db.Products.CountAsync(p => products.Contains(p.Id) && (owner == null || p.PartnerId == owner), ct);
            if (known != products.Count) error("productIds", "Choose products of your own catalogue.");
        }
        if (form.SegmentId is { } segment && !await db.Segments.AnyAsync(s => s.Id == segment && s.OwnerPartnerId == owner, ct))
            error("segmentId", "Choose one of your own segments.");

        var skus = SplitList(form.Skus);
        var categories = SplitList(form.Categories);
        if (skus.Count > 200 || skus.Any(x => x.Length > 64)) error("skus", "Up to 200 SKUs of at most 64 characters.");
        if (categories.Count > 100 || categories.Any(x => x.Length > 100)) error("categories", "Up to 100 categories of at most 100 characters.");
        return new ContestScope
        {
            SegmentId = form.SegmentId,
            PartnerIds = partners,
            StoreIds = stores,
            ProductIds = products,
            Skus = skus,
            Categories = categories,
        };
    }

    public static List<string> SplitList(string? text) =>
        (text ?? "").Split([',', ';', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Distinct(StringComparer.Ordinal).ToList();
}
