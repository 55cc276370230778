namespace Loyalty.Core.Messaging;

/// <summary>Bound from the <c>Messaging</c> section by the web host; the defaults suit one small node.</summary>
public sealed class MessagingOptions
{
    public const string Section = "Messaging";

    /// <summary>Absolute base of links in messages (unsubscribe, tracking), e.g. https://onecard.example.</summary>
    public string PublicBaseUrl { get; set; } = "http://localhost:5000";

    /// <summary>Secret that signs unsubscribe and tracking links. Links stop working if it changes.</summary>
    public string LinkSecret { get; set; } = "";

    /// <summary>Rows one dispatcher worker claims at a time.</summary>
    public int BatchSize { get; set; } = 100;

    /// <summary>Parallel dispatcher workers (each claims its own batches; SMTP keeps one connection per worker).</summary>
    public int Workers { get; set; } = 2;

    /// <summary>How long a claim holds rows; a dead dispatcher's rows are free again after this.</summary>
    public int LeaseSeconds { get; set; } = 120;

    public int MaxAttempts { get; set; } = 5;

    /// <summary>
    /// Members per fan-out transaction. SQLite has one writer: a single million-row INSERT … SELECT would hold the write
    /// lock (and stall POS purchases) for seconds, so the fan-out goes in slices of the customer key range, each short.
    /// </summary>
    public int FanOutSlice { get; set; } = 50_000;

    /// <summary>Messages per second per channel; 0 means no limit.</summary>
    public int EmailPerSecond { get; set; } = 100;

    public int SmsPerSecond { get; set; } = 10;

    public int RateFor(MessageChannel channel) => channel switch
    {
        MessageChannel.Email => EmailPerSecond,
        MessageChannel.Sms => SmsPerSecond,
        _ => 0,
    };

    /// <summary>Wait before attempt n+1 after a temporary failure of attempt n.</summary>
    public static TimeSpan Backoff(int attempts) => attempts switch
    {
        <= 1 => TimeSpan.FromMinutes(1),
        2 => TimeSpan.FromMinutes(5),
        3 => TimeSpan.FromMinutes(30),
        _ => TimeSpan.FromHours(2),
    };
}
