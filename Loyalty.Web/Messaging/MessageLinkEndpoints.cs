using System.Net;
using Loyalty.Core.Messaging;
using Microsoft.Extensions.Localization;

namespace Loyalty.Web.Messaging;

/// <summary>
/// The links inside messages: unsubscribe (GET from the link, POST for RFC 8058 one-click from the mail client), the open
/// pixel and tracked clicks. None needs a sign-in: each token is signed for one message (see MessageLinks).
/// </summary>
public static class MessageLinkEndpoints
{
    // 1×1 transparent GIF.
    private static readonly byte[] Pixel = Convert.FromBase64String("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7");

    public static IEndpointRouteBuilder MapMessageLinkEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/u/{token}", UnsubscribePageAsync).ExcludeFromDescription();
        app.MapPost("/u/{token}", OneClickAsync).DisableAntiforgery().ExcludeFromDescription();
        app.MapGet("/m/o/{token}", OpenAsync).ExcludeFromDescription();
        app.MapGet("/m/c/{token}", ClickAsync).ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> UnsubscribePageAsync(string token, Unsubscribe unsubscribe, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var result = await unsubscribe.HandleAsync(token, ct);
        var (title, text) = result switch
        {
            { Succeeded: true, Channel: MessageChannel.Email } => (l["You are unsubscribed"].Value, l["You will no longer receive news and offers by e-mail. You can turn them back on in your member area at any time."].Value),
            { Succeeded: true } => (l["You are unsubscribed"].Value, l["You will no longer receive news and offers by SMS. You can turn them back on in your member area at any time."].Value),
            _ => (l["This link is not valid"].Value, l["The unsubscribe link is incomplete or damaged. You can change what we send you in your member area."].Value),
        };
        var html = $$"""
            <!doctype html><html lang="{{System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName}}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
            <title>{{WebUtility.HtmlEncode(title)}} · OneCard</title>
            <style>body{margin:0;font-family:Segoe UI,Roboto,Arial,sans-serif;background:#f4f5f7;color:#1f2430}main{max-width:480px;margin:12vh auto;background:#fff;border-radius:14px;padding:32px;box-shadow:0 2px 12px #0001}h1{font-size:22px;margin:0 0 12px}p{line-height:1.55;color:#4b5160}a{color:#3949ab}</style></head>
            <body><main id="unsubscribe-result" data-ok="{{(result.Succeeded ? "true" : "false")}}"><h1>{{WebUtility.HtmlEncode(title)}}</h1><p>{{WebUtility.HtmlEncode(text)}}</p><p><a href="/me/inbox">{{WebUtility.HtmlEncode(l["Open my member area"].Value)}}</a></p></main></body></html>
            """;
        return Results.Content(html, "text/html; charset=utf-8", statusCode: result.Succeeded ? 200 : 400);
    }

    private static async Task<IResult> OneClickAsync(string token, Unsubscribe unsubscribe, CancellationToken ct)
    {
        var result = await unsubscribe.HandleAsync(token, ct);
        return result.Succeeded ? Results.Ok() : Results.Problem("The unsubscribe link is not valid.", statusCode: 400, type: "https://loyalty.local/problems/bad-link");
    }

    private static async Task<IResult> OpenAsync(string token, TrackEngagement track, HttpResponse response, CancellationToken ct)
    {
        await track.OpenedAsync(token, ct);
        response.Headers.CacheControl = "no-store";
        return Results.File(Pixel, "image/gif");
    }

    private static async Task<IResult> ClickAsync(string token, string? u, TrackEngagement track, CancellationToken ct)
    {
        var target = await track.ClickedAsync(token, u, ct);
        return target is null
            ? Results.Problem("This link is not valid.", statusCode: 400, type: "https://loyalty.local/problems/bad-link")
            : Results.Redirect(target);
    }
}
