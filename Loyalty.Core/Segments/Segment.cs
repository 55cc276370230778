namespace Loyalty.Core.Segments;

public enum SegmentKind
{
    /// <summary>Members matching saved rules; membership is refreshed on save, nightly and on demand.</summary>
    Dynamic,

    /// <summary>A list the owner imported (Excel/CSV of phones or card numbers) or put together by hand.</summary>
    Static,
}

/// <summary>
/// A named set of members owned by a partner or the operator, usable as a mailing audience and a campaign target.
/// Membership lives in <see cref="SegmentMember"/> rows for both kinds, so every consumer asks one indexed question.
/// </summary>
public class Segment
{
    public const int NameMaxLength = 100;

    private Segment() { }

    public Segment(Guid? ownerPartnerId, string name, SegmentKind kind, string rulesJson, DateTime now)
    {
        Id = Guid.CreateVersion7();
        OwnerPartnerId = ownerPartnerId;
        Name = name;
        Kind = kind;
        RulesJson = rulesJson;
        CreatedAt = now;
        UpdatedAt = now;
    }

    public Guid Id { get; private set; }

    /// <summary>Null for the operator's segments.</summary>
    public Guid? OwnerPartnerId { get; private set; }

    public string Name { get; private set; } = "";
    public SegmentKind Kind { get; private set; }

    /// <summary>The <see cref="SegmentRules"/> as JSON; "{}" for static groups.</summary>
    public string RulesJson { get; private set; } = "{}";

    public int Members { get; private set; }
    public DateTime? RefreshedAt { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public DateTime UpdatedAt { get; private set; }

    public void Change(string name, string rulesJson, DateTime now)
    {
        Name = name;
        RulesJson = rulesJson;
        UpdatedAt = now;
    }

    public void Refreshed(int members, DateTime now)
    {
        Members = members;
        RefreshedAt = now;
    }
}

/// <summary>One member in one segment.</summary>
public class SegmentMember
{
    private SegmentMember() { }

    public Guid SegmentId { get; private set; }
    public Guid CustomerId { get; private set; }
}
