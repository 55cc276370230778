using Loyalty.Core.Common;

namespace Loyalty.Core.Messaging;

public enum MailingStatus
{
    Draft,

    /// <summary>Waiting for <see cref="Mailing.ScheduledAt"/>; "send now" schedules for the current instant.</summary>
    Scheduled,

    /// <summary>Recipients are in the outbox; the dispatcher is working through them.</summary>
    Sending,
    Completed,
    Cancelled,
}

/// <summary>
/// News, a deal or a personal offer sent by a partner (or the operator) to an audience over one channel. The template is
/// Liquid (Fluid): personalisation only, no code. Recipients are fixed when the mailing is queued (fan-out).
/// </summary>
public class Mailing
{
    public const int NameMaxLength = 120;
    public const int BodyMaxLength = 20_000;
    public const int OfferMaxLength = 500;
    public const int SmsMaxLength = 800;

    private Mailing() { }

    public Mailing(Guid? ownerPartnerId, string createdBy, DateTime now)
    {
        Id = Guid.CreateVersion7();
        OwnerPartnerId = ownerPartnerId;
        CreatedBy = createdBy;
        CreatedAt = now;
        UpdatedAt = now;
        Status = MailingStatus.Draft;
        ConversionWindowDays = 7;
    }

    public Guid Id { get; private set; }

    /// <summary>Null: the operator's mailing to the whole coalition.</summary>
    public Guid? OwnerPartnerId { get; private set; }

    public string Name { get; private set; } = "";
    public MessageChannel Channel { get; private set; }

    /// <summary>E-mail subject or in-app title (Liquid); unused for SMS.</summary>
    public string? Subject { get; private set; }

    /// <summary>Liquid template of the text. E-mail gets an HTML version built from it; links in it are tracked.</summary>
    public string Body { get; private set; } = "";

    /// <summary>The offer text available to the template as <c>{{ offer }}</c>.</summary>
    public string? Offer { get; private set; }

    public AudienceKind AudienceKind { get; private set; }

    /// <summary>The audience's parameters as JSON (<see cref="AudienceDefinition"/>), so new kinds need no new columns.</summary>
    public string AudienceJson { get; private set; } = "{}";

    public MailingStatus Status { get; private set; }
    public DateTime? ScheduledAt { get; private set; }
    public DateTime? QueuedAt { get; private set; }
    public DateTime? CompletedAt { get; private set; }

    /// <summary>How many recipients the fan-out queued (consent checked at that moment).</summary>
    public int RecipientCount { get; private set; }

    /// <summary>A purchase at the sender within this many days of the message counts as a conversion.</summary>
    public int ConversionWindowDays { get; private set; }

    public string CreatedBy { get; private set; } = "";
    public DateTime CreatedAt { get; private set; }
    public DateTime UpdatedAt { get; private set; }

    public bool IsEditable => Status is MailingStatus.Draft or MailingStatus.Scheduled;

    public AudienceDefinition Audience => AudienceDefinition.FromJson(AudienceKind, AudienceJson);

    public void Edit(string name, MessageChannel channel, string? subject, string body, string? offer, AudienceDefinition audience, int conversionWindowDays, DateTime now)
    {
        if (!IsEditable) throw DomainException.Conflict("mailing-not-editable", "This mailing has already been sent and can no longer be changed.");
        Name = name.Trim();
        Channel = channel;
        Subject = channel == MessageChannel.Sms ? null : subject?.Trim();
        Body = body;
        Offer = string.IsNullOrWhiteSpace(offer) ? null : offer.Trim();
        AudienceKind = audience.Kind;
        AudienceJson = audience.ToJson();
        ConversionWindowDays = conversionWindowDays;
        UpdatedAt = now;
    }

    public void Schedule(DateTime at, DateTime now)
    {
        if (!IsEditable) throw DomainException.Conflict("mailing-not-editable", "This mailing has already been sent.");
        Status = MailingStatus.Scheduled;
        ScheduledAt = at < now ? now : at;
        UpdatedAt = now;
    }

    public void Unschedule(DateTime now)
    {
        if (Status != MailingStatus.Scheduled) throw DomainException.Conflict("mailing-not-scheduled", "Only a scheduled mailing can go back to draft.");
        Status = MailingStatus.Draft;
        ScheduledAt = null;
        UpdatedAt = now;
    }

    public void Cancel(DateTime now)
    {
        if (Status is MailingStatus.Completed or MailingStatus.Cancelled)
            throw DomainException.Conflict("mailing-finished", "This mailing has already finished.");
        Status = MailingStatus.Cancelled;
        CompletedAt = now;
        UpdatedAt = now;
    }

    internal void MarkQueued(int recipients, DateTime now)
    {
        Status = MailingStatus.Sending;
        RecipientCount = recipients;
        QueuedAt = now;
        UpdatedAt = now;
    }

    internal void MarkCompleted(DateTime now)
    {
        Status = MailingStatus.Completed;
        CompletedAt = now;
        UpdatedAt = now;
    }
}
