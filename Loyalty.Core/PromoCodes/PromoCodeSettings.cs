namespace Loyalty.Core.PromoCodes;

/// <summary>Configuration section <c>PromoCodes</c> (the HMAC key is read separately into <see cref="PromoCodeHasher"/>).</summary>
public sealed class PromoCodeSettings
{
    public const string Section = "PromoCodes";

    /// <summary>Absolute base of the QR links, e.g. https://onecard.example; the QR encodes {PublicBaseUrl}/c/{code}.</summary>
    public string PublicBaseUrl { get; set; } = "http://localhost:5080";

    /// <summary>Where print files live: outside wwwroot, readable by the app only. Empty = App_Data/print-files.</summary>
    public string PrintFilesPath { get; set; } = "";

    /// <summary>Codes per generation chunk (one transaction + one print-file segment).</summary>
    public int ChunkSize { get; set; } = 1_000_000;

    /// <summary>Batches up to this size also get a sheet of QR images.</summary>
    public int QrSheetMaxCodes { get; set; } = 1_000;

    public int MaxFailuresPerCustomer { get; set; } = 10;
    public int MaxFailuresPerIp { get; set; } = 30;
    public int MaxFailuresPerDevice { get; set; } = 10;
    public TimeSpan FailureWindow { get; set; } = TimeSpan.FromHours(1);
    public TimeSpan Lockout { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Promo points at which a mobile top-up is requested (whole points).</summary>
    public int TopUpThresholdPoints { get; set; } = 6;

    /// <summary>Phone credit per promo point, in the top-up currency's minor unit (e.g. 10000 = 100.00 KZT).</summary>
    public long TopUpMinorPerPoint { get; set; } = 100_00;

    public string TopUpCurrency { get; set; } = "KZT";

    /// <summary>Send attempts before a request fails for good and its points return.</summary>
    public int TopUpMaxAttempts { get; set; } = 5;

    public int LimitFor(GuessSubject subject) => subject switch
    {
        GuessSubject.Customer => MaxFailuresPerCustomer,
        GuessSubject.Ip => MaxFailuresPerIp,
        _ => MaxFailuresPerDevice,
    };
}
