using Loyalty.Core.Common;
using Loyalty.Core.Programs;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Portal;

public sealed record ContentView(ContentKind Kind, string Language, string Title, string Body, DateTime? UpdatedAt, string? UpdatedBy, bool IsDefault)
{
    public IReadOnlyList<ContentSection> Sections => ContentText.Parse(Body);
}

/// <summary>
/// A public text in the visitor's language, else in English, else the built-in starting text: the portal never shows an
/// empty rules page on a fresh install.
/// </summary>
public sealed class GetContentPage(ILoyaltyDbFactory dbs) : IUseCase
{
    public async Task<ContentView> HandleAsync(ContentKind kind, string language, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var pages = await db.ContentPages.AsNoTracking().Where(p => p.Kind == kind && (p.Language == language || p.Language == "en")).ToListAsync(ct);
        var page = pages.FirstOrDefault(p => p.Language == language) ?? pages.FirstOrDefault();
        if (page is not null) return new ContentView(kind, page.Language, page.Title, page.Body, page.UpdatedAt, page.UpdatedBy, false);
        var program = await GetProgram.LoadAsync(db, ct);
        var (title, body) = DefaultContent.For(kind, program.Settings.Name);
        return new ContentView(kind, "en", title, body, null, null, true);
    }
}

/// <summary>The operator saves a text for one language; an empty title or body is refused.</summary>
public sealed class SaveContentPage(ILoyaltyDbFactory dbs, TimeProvider clock) : IUseCase
{
    public static readonly string[] Languages = ["en", "ru"];

    public async Task HandleAsync(ContentKind kind, string language, string? title, string? body, string actor, CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string[]>();
        if (!Languages.Contains(language)) errors["language"] = ["Choose English or Russian."];
        if (string.IsNullOrWhiteSpace(title) || title.Trim().Length > ContentPage.TitleMaxLength) errors["title"] = ["Give the page a title of up to 200 characters."];
        if (string.IsNullOrWhiteSpace(body)) errors["body"] = ["Write the text of the page."];
        else if (body.Length > ContentPage.BodyMaxLength) errors["body"] = ["The text is too long (at most 100,000 characters)."];
        if (errors.Count > 0) throw new ValidationException(errors);

        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = dbs.Create();
        await using var tx = await db.BeginWriteAsync(ct);
        var page = await db.ContentPages.FirstOrDefaultAsync(p => p.Kind == kind && p.Language == language, ct);
        if (page is null) db.ContentPages.Add(new ContentPage(kind, language, title!, body!, now, actor));
        else page.Update(title!, body!, now, actor);
        db.AuditEvents.Add(new Audit.AuditEvent(now, "content.saved", actor, $"Public text {kind} ({language}) saved"));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }
}

internal static class DefaultContent
{
    public static (string Title, string Body) For(ContentKind kind, string program) => kind switch
    {
        ContentKind.Rules => ("Program rules", $"""
            ## Who can join
            Anyone aged 14 or over with a mobile phone number can become a member of {program}. Membership is free.

            ## Earning points
            Show your card (the QR in the app, a plastic card or your phone number) at the till of any partner. You get points back on every purchase at the partner's rate or the rate of your tier.

            ## Spending points
            One point pays one unit of the receipt's currency. Each partner sets the largest share of a receipt that may be paid with points.

            ## Expiry
            Points expire 24 months after they were earned, the oldest first. We remind you a month before.

            ## Refunds
            When a purchase is returned, the points earned on it are taken back and the points spent on it are returned, in proportion.
            """),
        ContentKind.PublicOffer => ("Public offer", $"""
            ## 1. General
            This offer sets out the terms of membership in the {program} loyalty program. Registering as a member means accepting it.

            ## 2. Personal data
            We process your phone number, name and purchase history to run the program. You can download your data or delete your account at any time in your personal area.

            ## 3. Changes
            The operator may change these terms with 30 days' notice published on this site.
            """),
        _ => ("Frequently asked questions", """
            ## How do I get a card?
            Register with your phone number. Your virtual card is ready at once in your personal area; a plastic card can be linked later.

            ## Why does the QR code on my card change?
            It renews every 30 seconds so that a photo of your screen cannot be used by someone else.

            ## I lost my plastic card. What do I do?
            Block it in your personal area under "My card". Your points stay safe on your account.

            ## How do promo codes work?
            Enter or scan the code printed inside the package. Promo points become mobile phone credit once you collect enough.
            """),
    };
}
