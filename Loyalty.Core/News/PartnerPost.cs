using Loyalty.Core.Common;

namespace Loyalty.Core.News;

public enum PostKind
{
    News,
    Offer,
}

/// <summary>
/// A partner's news item or offer shown on its portal page, on the portal home (offers) and in members' feeds. An offer
/// may target one of the partner's segments: members of it see it first. Plain text only.
/// </summary>
public class PartnerPost
{
    public const int TitleMaxLength = 120;
    public const int BodyMaxLength = 4000;

    private PartnerPost() { }

    public PartnerPost(Guid partnerId, DateTime createdAt)
    {
        Id = Guid.CreateVersion7();
        PartnerId = partnerId;
        CreatedAt = createdAt;
    }

    public Guid Id { get; private set; }
    public Guid PartnerId { get; private set; }
    public PostKind Kind { get; private set; }
    public string Title { get; private set; } = "";
    public string Body { get; private set; } = "";

    /// <summary>Shown from this instant; null while a draft.</summary>
    public DateTime? PublishedAt { get; private set; }

    /// <summary>An offer ends; news has no end.</summary>
    public DateTime? EndsAt { get; private set; }

    public Guid? SegmentId { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public bool IsArchived { get; private set; }

    /// <summary>When the picture was last set (also its cache-busting version); null without a picture.</summary>
    public DateTime? ImageAt { get; private set; }

    public void SetImage(DateTime at) => ImageAt = at;

    public void RemoveImage() => ImageAt = null;

    public void Edit(PostKind kind, string? title, string? body, DateTime? publishAt, DateTime? endsAt, Guid? segmentId)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(title) || title.Trim().Length > TitleMaxLength) errors["title"] = ["Give it a title of up to 120 characters."];
        if (string.IsNullOrWhiteSpace(body) || body.Trim().Length > BodyMaxLength) errors["body"] = ["Write the text (up to 4,000 characters)."];
        if (endsAt is not null && publishAt is not null && endsAt <= publishAt) errors["endsAt"] = ["The offer must end after it starts."];
        if (errors.Count > 0) throw new ValidationException(errors);
        Kind = kind;
        Title = title!.Trim();
        Body = body!.Trim();
        PublishedAt = publishAt;
        EndsAt = kind == PostKind.Offer ? endsAt : null;
        SegmentId = kind == PostKind.Offer ? segmentId : null;
    }

    public void Archive() => IsArchived = true;
}
