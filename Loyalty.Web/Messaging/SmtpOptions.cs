using MailKit.Security;

namespace Loyalty.Web.Messaging;

/// <summary>Bound from the <c>Smtp</c> section. The password comes from an environment variable or a secret store.</summary>
public sealed class SmtpOptions
{
    public const string Section = "Smtp";

    public string Host { get; set; } = "";
    public int Port { get; set; } = 587;

    /// <summary>None, StartTls, StartTlsWhenAvailable, SslOnConnect or Auto.</summary>
    public SecureSocketOptions Security { get; set; } = SecureSocketOptions.StartTls;

    public string UserName { get; set; } = "";
    public string Password { get; set; } = "";
    public string FromAddress { get; set; } = "";
    public string FromName { get; set; } = "OneCard";

    /// <summary>Connections kept open and reused; sends beyond this wait for a free one.</summary>
    public int MaxConnections { get; set; } = 4;

    public int TimeoutSeconds { get; set; } = 30;

    public bool IsConfigured => Host.Length > 0 && FromAddress.Length > 0;
}
