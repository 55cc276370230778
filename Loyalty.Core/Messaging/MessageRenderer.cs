using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.RegularExpressions;
using Fluid;
using Loyalty.Core.Common;

namespace Loyalty.Core.Messaging;

/// <summary>What a template may use about one recipient. Only these values exist in a template: no objects, no code.</summary>
public sealed record RecipientModel(string FirstName, string Name, string Balance, string? Tier, string? Partner);

/// <summary>The parts of a mailing a renderer needs; <see cref="Version"/> keys the parsed-template cache.</summary>
public sealed record MailingContent(Guid Id, DateTime Version, MessageChannel Channel, string? Subject, string Body, string? Offer, string SenderName);

public sealed record RenderedMessage(string? Subject, string Text, string? Html, string? UnsubscribeUrl);

/// <summary>
/// Renders Liquid templates with Fluid: variables and filters only (no member access to .NET objects, a step limit against
/// runaway loops), HTML-encoded in the HTML part. E-mail HTML is built from the text: paragraphs, tracked links, an open
/// pixel and an unsubscribe footer, so partners never author raw HTML (nothing to sanitise, nothing to break).
/// </summary>
public sealed partial class MessageRenderer(MessageLinks links)
{
    private static readonly FluidParser Parser = new();
    private static readonly TemplateOptions Options = CreateOptions();
    private readonly ConcurrentDictionary<(Guid, DateTime), (IFluidTemplate? Subject, IFluidTemplate Body)> _cache = new();

    public const string UnsubscribePlaceholderUrl = "#unsubscribe";

    /// <summary>Throws a validation error naming <paramref name="field"/> when the template does not parse.</summary>
    public static void Validate(string? source, string field)
    {
        if (string.IsNullOrEmpty(source)) return;
        if (!Parser.TryParse(source, out _, out var error))
            throw ValidationException.For(field, $"The template has an error: {error}");
    }

    /// <param name="messageId">The outbox row; 0 for previews (links then point nowhere).</param>
    public RenderedMessage Render(MailingContent mailing, RecipientModel recipient, long messageId)
    {
        var (subjectTemplate, bodyTemplate) = _cache.GetOrAdd((mailing.Id, mailing.Version), _ => Parse(mailing));
        var unsubscribe = messageId > 0 ? links.UnsubscribeUrl(messageId) : UnsubscribePlaceholderUrl;
        var context = new TemplateContext(Options);
        context.SetValue("first_name", recipient.FirstName);
        context.SetValue("name", recipient.Name);
        context.SetValue("balance", recipient.Balance);
        context.SetValue("tier", recipient.Tier ?? "");
        context.SetValue("offer", mailing.Offer ?? "");
        context.SetValue("partner", recipient.Partner ?? mailing.SenderName);
        context.SetValue("unsubscribe_url", unsubscribe);

        var text = bodyTemplate.Render(context, NullEncoder.Default).Trim();
        var subject = subjectTemplate?.Render(context, NullEncoder.Default).Trim();
        switch (mailing.Channel)
        {
            case MessageChannel.Sms:
                return new RenderedMessage(null, text.Contains(unsubscribe, StringComparison.Ordinal) ? text : $"{text}\nStop: {unsubscribe}", null, unsubscribe);
            case MessageChannel.InApp:
                return new RenderedMessage(subject, text, null, null);
            default:
                var plain = text.Contains(unsubscribe, StringComparison.Ordinal) ? text : $"{text}\n\n--\nUnsubscribe: {unsubscribe}";
                return new RenderedMessage(subject, plain, Html(subject ?? "", text, mailing.SenderName, unsubscribe, messageId), unsubscribe);
        }
    }

    private static (IFluidTemplate?, IFluidTemplate) Parse(MailingContent m) =>
        (string.IsNullOrEmpty(m.Subject) ? null : Parser.Parse(m.Subject), Parser.Parse(m.Body));

    private string Html(string subject, string text, string sender, string unsubscribe, long messageId)
    {
        var html = new StringBuilder(text.Length * 2 + 1200);
        html.Append("<!doctype html><html><head><meta charset=\"utf-8\"><title>").Append(WebUtility.HtmlEncode(subject)).Append("</title></head>")
            .Append("<body style=\"margin:0;background:#f4f5f7;font-family:Segoe UI,Roboto,Arial,sans-serif;color:#1f2430\">")
            .Append("<div style=\"max-width:560px;margin:0 auto;padding:24px\"><div style=\"background:#fff;border-radius:12px;padding:28px\">")
            .Append("<div style=\"font-size:13px;color:#6b7280;margin-bottom:12px\">").Append(WebUtility.HtmlEncode(sender)).Append("</div>");
        foreach (var paragraph in text.Replace("\r\n", "\n").Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            html.Append("<p style=\"font-size:15px;line-height:1.55;margin:0 0 14px\">");
            var last = 0;
            foreach (Match url in UrlPattern().Matches(paragraph))
            {
                html.Append(EncodeLines(paragraph[last..url.Index]));
                var href = messageId > 0 ? links.ClickUrl(messageId, url.Value) : url.Value;
                html.Append("<a href=\"").Append(WebUtility.HtmlEncode(href)).Append("\" style=\"color:#3949ab\">").Append(WebUtility.HtmlEncode(url.Value)).Append("</a>");
                last = url.Index + url.Length;
            }
            html.Append(EncodeLines(paragraph[last..])).Append("</p>");
        }
        html.Append("</div><div style=\"font-size:12px;color:#6b7280;text-align:center;padding:16px\">")
            .Append("You receive this because you agreed to news from OneCard partners. ")
            .Append("<a href=\"").Append(WebUtility.HtmlEncode(unsubscribe)).Append("\" style=\"color:#6b7280\">Unsubscribe</a></div></div>");
        if (messageId > 0) html.Append("<img src=\"").Append(WebUtility.HtmlEncode(links.OpenPixelUrl(messageId))).Append("\" width=\"1\" height=\"1\" alt=\"\">");
        return html.Append("</body></html>").ToString();
    }

    private static string EncodeLines(string text) => WebUtility.HtmlEncode(text).Replace("\n", "<br>");

    private static TemplateOptions CreateOptions()
    {
        // Only values set on the context are visible (the default strategy exposes no registered types).
        return new TemplateOptions { MaxSteps = 10_000, MaxRecursion = 10 };
    }

    [GeneratedRegex(@"https?://[^\s<>""']+[^\s<>""'.,;:!?)]", RegexOptions.CultureInvariant)]
    private static partial Regex UrlPattern();
}
