using System.Text.Json;
using System.Text.Json.Serialization;

namespace Loyalty.Core.Contests;

/// <summary>Stored as integers: append, never reorder.</summary>
public enum ContestKind
{
    /// <summary>Entries are earned; winners are drawn at random, verifiably (docs/draws.md).</summary>
    Draw,

    /// <summary>Members are ranked by a metric; the top places win.</summary>
    Leaderboard,
}

/// <summary>How a draw's entries are earned. Stored as integers: append, never reorder.</summary>
public enum EntryRule
{
    PerPurchase,

    /// <summary>One entry for every full <see cref="Contest.AmountStep"/> a member spent in the period (summed over receipts).</summary>
    PerAmountStep,
    PerActivation,

    /// <summary>Reviews are another lane's model: a source plugs in through <see cref="IContestEntrySource"/>.</summary>
    PerReview,
}

/// <summary>What a leaderboard ranks. Stored as integers: append, never reorder.</summary>
public enum LeaderboardMetric
{
    MostPurchases,

    /// <summary>Distinct UTC days with at least one qualifying purchase.</summary>
    MostVisits,
    MostSpent,

    /// <summary>The first members to activate a promo code of the chosen products, in order of activation.</summary>
    FirstActivations,
}

public enum ContestStatus
{
    /// <summary>Announced with its commitment; open for entries between its start and end.</summary>
    Scheduled,

    /// <summary>Entries frozen, seed revealed, winners chosen.</summary>
    Closed,
    Cancelled,
}

/// <summary>
/// Who takes part. Empty lists mean "any". A partner's contest is always narrowed to that partner's own purchases
/// (the use case forces it), an operator's may name several partners.
/// </summary>
public sealed record ContestScope
{
    public Guid? SegmentId { get; init; }
    public IReadOnlyList<Guid> PartnerIds { get; init; } = [];
    public IReadOnlyList<Guid> StoreIds { get; init; } = [];
    public IReadOnlyList<string> Skus { get; init; } = [];
    public IReadOnlyList<string> Categories { get; init; } = [];

    /// <summary>Promo-code products, for activation entries and "first N activations".</summary>
    public IReadOnlyList<Guid> ProductIds { get; init; } = [];

    [JsonIgnore]
    public bool FiltersItems => Skus.Count > 0 || Categories.Count > 0;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static ContestScope FromJson(string? json) =>
        string.IsNullOrWhiteSpace(json) ? new ContestScope() : JsonSerializer.Deserialize<ContestScope>(json, Json) ?? new ContestScope();
}

/// <summary>
/// A prize draw or a leaderboard contest, run by a partner or by the operator (<see cref="OwnerPartnerId"/> null).
/// Its rules can change only until it starts; a draw's commitment is published from creation, so the seed behind it
/// was fixed before anyone could enter.
/// </summary>
public class Contest
{
    public const int TitleMaxLength = 120;
    public const int DescriptionMaxLength = 2000;

    private readonly List<ContestPrize> _prizes = [];

    private Contest() { }

    public Contest(Guid? ownerPartnerId, ContestKind kind, string commitment, string protectedSeed, DateTime now, string createdBy)
    {
        Id = Guid.CreateVersion7();
        OwnerPartnerId = ownerPartnerId;
        Kind = kind;
        Commitment = commitment;
        ProtectedSeed = protectedSeed;
        CreatedAt = now;
        UpdatedAt = now;
        CreatedBy = createdBy;
        Status = ContestStatus.Scheduled;
    }

    public Guid Id { get; private set; }
    public Guid? OwnerPartnerId { get; private set; }
    public ContestKind Kind { get; private set; }
    public ContestStatus Status { get; private set; }
    public string Title { get; private set; } = "";
    public string? Description { get; private set; }
    public DateTime StartsAt { get; private set; }
    public DateTime EndsAt { get; private set; }
    public EntryRule EntryRule { get; private set; }

    /// <summary>Currency of <see cref="AmountStep"/>, <see cref="MinPurchase"/> and "most spent": the owner's, or the program's.</summary>
    public string Currency { get; private set; } = "";

    /// <summary>Minor units per entry for <see cref="EntryRule.PerAmountStep"/>.</summary>
    public long AmountStep { get; private set; }

    /// <summary>Receipts below this (minor units, after refunds) earn no entry; 0 for none.</summary>
    public long MinPurchase { get; private set; }

    public LeaderboardMetric Metric { get; private set; }
    public bool OnePrizePerCustomer { get; private set; }
    public string ScopeJson { get; private set; } = "{}";

    /// <summary>Hex SHA-256 of the secret seed, public from creation.</summary>
    public string Commitment { get; private set; } = "";

    /// <summary>The 32-byte seed, encrypted with ASP.NET Data Protection (<see cref="ISeedProtector"/>) until the reveal.</summary>
    public string ProtectedSeed { get; private set; } = "";

    /// <summary>Hex seed, published when the draw closes.</summary>
    public string? RevealedSeed { get; private set; }

    /// <summary>Hex SHA-256 of the published entry list file (docs/draws.md), set when entries freeze.</summary>
    public string? EntryListHash { get; private set; }

    public int EntryCount { get; private set; }
    public int ParticipantCount { get; private set; }
    public DateTime? ClosedAt { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public DateTime UpdatedAt { get; private set; }
    public string CreatedBy { get; private set; } = "";

    public IReadOnlyList<ContestPrize> Prizes => _prizes;

    public int WinnerCount => _prizes.Sum(p => p.Quantity);

    public ContestScope Scope => ContestScope.FromJson(ScopeJson);

    public bool HasStarted(DateTime now) => now >= StartsAt;

    /// <summary>Entries frozen and winners chosen; for a draw the seed is revealed with the hash of the list it was used on.</summary>
    internal void Close(string? revealedSeed, string? entryListHash, int entries, int participants, DateTime now)
    {
        Status = ContestStatus.Closed;
        RevealedSeed = revealedSeed;
        EntryListHash = entryListHash;
        EntryCount = entries;
        ParticipantCount = participants;
        ClosedAt = now;
        UpdatedAt = now;
    }

    internal void Cancel(DateTime now)
    {
        Status = ContestStatus.Cancelled;
        UpdatedAt = now;
    }

    internal void SetRules(string title, string? description, DateTime startsAt, DateTime endsAt, EntryRule entryRule, string currency, long amountStep,
        long minPurchase, LeaderboardMetric metric, bool onePrizePerCustomer, ContestScope scope, IEnumerable<ContestPrize> prizes, DateTime now)
    {
        Title = title;
        Description = description;
        StartsAt = startsAt;
        EndsAt = endsAt;
        EntryRule = entryRule;
        Currency = currency;
        AmountStep = amountStep;
        MinPurchase = minPurchase;
        Metric = metric;
        OnePrizePerCustomer = onePrizePerCustomer;
        ScopeJson = scope.ToJson();
        _prizes.Clear();
        _prizes.AddRange(prizes);
        UpdatedAt = now;
    }
}

/// <summary>Stored as integers: append, never reorder.</summary>
public enum PrizeKind
{
    /// <summary>Paid to the winner's main account through the ledger, exactly once.</summary>
    Points,

    /// <summary>A thing handed over in person; tracked awaiting → handed over (who, when).</summary>
    Physical,

    /// <summary>
    /// A single-use certificate worth <see cref="ContestPrize.Points"/> points off a receipt at the owner's stores (the
    /// operator's: at every partner), valid <see cref="ContestPrize.CertificateValidDays"/> days. Issued exactly once by the
    /// prize payer: the winner row is claimed and the certificate inserted in one transaction (decision 0122).
    /// </summary>
    Certificate,
}

/// <summary>One line of a contest's prize list: <see cref="Quantity"/> identical prizes, given to places in list order.</summary>
public class ContestPrize
{
    public const int TitleMaxLength = 120;

    private ContestPrize() { }

    public ContestPrize(int position, PrizeKind kind, string title, long points, int quantity, int certificateValidDays = 0)
    {
        Position = position;
        Kind = kind;
        Title = title;
        Points = points;
        Quantity = quantity;
        CertificateValidDays = kind == PrizeKind.Certificate ? certificateValidDays : 0;
    }

    public long Id { get; private set; }
    public Guid ContestId { get; private set; }
    public int Position { get; private set; }
    public PrizeKind Kind { get; private set; }
    public string Title { get; private set; } = "";

    /// <summary>Hundredths of a point: paid for <see cref="PrizeKind.Points"/>, the certificate's value for <see cref="PrizeKind.Certificate"/>.</summary>
    public long Points { get; private set; }

    public int Quantity { get; private set; }

    /// <summary>How long a certificate prize can be redeemed, counted from the day it is issued.</summary>
    public int CertificateValidDays { get; private set; }
}

/// <summary>
/// One entry into a draw. A member's entries are numbered 1..n (<see cref="Ordinal"/>) and the unique
/// (contest, member, ordinal) key is what makes the entry job idempotent: it recomputes n and inserts or removes the
/// difference. <see cref="Id"/> is the public entry number in the published list.
/// </summary>
public class ContestEntry
{
    private ContestEntry() { }

    public long Id { get; private set; }
    public Guid ContestId { get; private set; }
    public Guid CustomerId { get; private set; }
    public int Ordinal { get; private set; }
    public DateTime CreatedAt { get; private set; }
}

public enum WinnerStatus
{
    /// <summary>Points not yet paid, or a physical prize not yet handed over.</summary>
    Awaiting,
    Paid,
    HandedOver,
}

/// <summary>A place won. (contest, place) is unique, so a second close can never add winners.</summary>
public class ContestWinner
{
    private ContestWinner() { }

    public ContestWinner(Guid contestId, int place, long? entryId, Guid customerId, ContestPrize prize, long? score)
    {
        ContestId = contestId;
        Place = place;
        EntryId = entryId;
        CustomerId = customerId;
        PrizeId = prize.Id;
        PrizeKind = prize.Kind;
        PrizeTitle = prize.Title;
        Points = prize.Points;
        Score = score;
        Status = WinnerStatus.Awaiting;
    }

    public long Id { get; private set; }
    public Guid ContestId { get; private set; }
    public int Place { get; private set; }

    /// <summary>The winning entry of a draw; null for a leaderboard place.</summary>
    public long? EntryId { get; private set; }
    public Guid CustomerId { get; private set; }
    public long PrizeId { get; private set; }
    public PrizeKind PrizeKind { get; private set; }
    public string PrizeTitle { get; private set; } = "";
    public long Points { get; private set; }

    /// <summary>The leaderboard figure that won the place.</summary>
    public long? Score { get; private set; }

    public WinnerStatus Status { get; private set; }
    public long? TransferId { get; private set; }

    /// <summary>The certificate issued for a <see cref="PrizeKind.Certificate"/> prize.</summary>
    public Guid? CertificateId { get; private set; }
    public DateTime? PaidAt { get; private set; }
    public DateTime? HandedOverAt { get; private set; }
    public string? HandedOverBy { get; private set; }
}

/// <summary>
/// The frozen, published entry list of a closed draw, byte for byte what was hashed (docs/draws.md), so the download is
/// exactly the data the winners were drawn from, whatever happens to members or entries later.
/// </summary>
public class ContestEntryList
{
    private ContestEntryList() { }

    public ContestEntryList(Guid contestId, byte[] content)
    {
        ContestId = contestId;
        Content = content;
    }

    public Guid ContestId { get; private set; }
    public byte[] Content { get; private set; } = [];
}
