namespace Loyalty.Web.Messaging;

/// <summary>Bound from the <c>Twilio</c> section. Secrets come from environment variables or a secret store, never the repository.</summary>
public sealed class TwilioOptions
{
    public const string Section = "Twilio";

    public string AccountSid { get; set; } = "";
    public string AuthToken { get; set; } = "";

    /// <summary>Sender number (E.164) or Messaging Service SID (starts with MG).</summary>
    public string From { get; set; } = "";

    /// <summary>Overridable so tests can point at a local server speaking Twilio's API.</summary>
    public string BaseUrl { get; set; } = "https://api.twilio.com";

    public bool IsConfigured => AccountSid.Length > 0 && AuthToken.Length > 0 && From.Length > 0;
}
