using System.Collections.Concurrent;
using System.Net.Sockets;
using Loyalty.Core.Messaging;
using MailKit;
using MailKit.Net.Smtp;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Loyalty.Web.Messaging;

/// <summary>
/// E-mail over SMTP with MailKit. Connections are pooled and reused across messages (connect + TLS + AUTH once, then one
/// MAIL/RCPT/DATA exchange per message), which is what makes hundreds of messages per second possible. 5xx replies are
/// permanent failures, 4xx replies and broken connections temporary (the outbox retries them).
/// </summary>
internal sealed class SmtpEmailSender(IOptions<SmtpOptions> options, ILogger<SmtpEmailSender> logger) : IEmailSender, IAsyncDisposable
{
    public const string Provider = "smtp";

    private readonly ConcurrentBag<SmtpClient> _idle = [];
    private readonly SemaphoreSlim _slots = new(Math.Max(1, options.Value.MaxConnections));

    public async Task<SendResult> SendAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var mime = Build(message, o);
        await _slots.WaitAsync(cancellationToken);
        var client = _idle.TryTake(out var idle) ? idle : new SmtpClient { Timeout = o.TimeoutSeconds * 1000 };
        try
        {
            if (!client.IsConnected)
            {
                await client.ConnectAsync(o.Host, o.Port, o.Security, cancellationToken);
                if (o.UserName.Length > 0) await client.AuthenticateAsync(o.UserName, o.Password, cancellationToken);
            }
            await client.SendAsync(mime, cancellationToken);
            _idle.Add(client);
            return SendResult.Ok(Provider, mime.MessageId);
        }
        catch (SmtpCommandException e)
        {
            // The server refused this message; the connection itself is still good.
            if (client.IsConnected) _idle.Add(client); else client.Dispose();
            var code = (int)e.StatusCode;
            logger.LogWarning("SMTP refused a message to {To}: {Code} {Message}", Core.Common.PersonalData.MaskEmail(message.To), code, e.Message);
            var error = $"The mail server refused the message ({code}): {e.Message}";
            return code >= 500 ? SendResult.Permanent(Provider, $"smtp-{code}", error) : SendResult.Temporary(Provider, $"smtp-{code}", error);
        }
        catch (Exception e) when (e is SmtpProtocolException or IOException or SocketException or ServiceNotConnectedException or MailKit.Security.AuthenticationException or TimeoutException or OperationCanceledException)
        {
            client.Dispose();
            logger.LogWarning(e, "SMTP server {Host}:{Port} could not take a message", o.Host, o.Port);
            return e is MailKit.Security.AuthenticationException
                ? SendResult.Temporary(Provider, "smtp-auth", "The mail server did not accept our credentials.")
                : SendResult.Temporary(Provider, "smtp-connection", "The mail server could not be reached.");
        }
        finally
        {
            _slots.Release();
        }
    }

    public static MimeMessage Build(EmailMessage message, SmtpOptions o)
    {
        var mime = new MimeMessage();
        mime.From.Add(new MailboxAddress(o.FromName, o.FromAddress));
        mime.To.Add(new MailboxAddress(message.ToName ?? "", message.To));
        mime.Subject = message.Subject;
        var domain = o.FromAddress.Contains('@') ? o.FromAddress[(o.FromAddress.IndexOf('@') + 1)..] : "onecard.local";
        // A stable Message-ID per outbox row lets receiving systems drop a duplicate, should one ever be sent.
        if (message.MessageKey is not null) mime.MessageId = $"{message.MessageKey}@{domain}";
        if (message.UnsubscribeUrl is not null)
        {
            mime.Headers.Add("List-Unsubscribe", $"<{message.UnsubscribeUrl}>");
            mime.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }
        mime.Body = new BodyBuilder { TextBody = message.Text, HtmlBody = message.Html }.ToMessageBody();
        return mime;
    }

    public async ValueTask DisposeAsync()
    {
        while (_idle.TryTake(out var client))
        {
            try { if (client.IsConnected) await client.DisconnectAsync(true); }
            catch (Exception e) when (e is IOException or SocketException or SmtpProtocolException) { }
            client.Dispose();
        }
    }
}
