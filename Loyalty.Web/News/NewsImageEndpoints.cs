using Loyalty.Core.News;
using Loyalty.Web.Account;

namespace Loyalty.Web.News;

/// <summary>
/// The picture of a news post or offer. Public while the post is on the portal (cached by browsers: the URL carries the
/// picture's version); a draft's picture only to its own partner's signed-in staff. Sent with its sniffed type and
/// nosniff, never as HTML (0152).
/// </summary>
public static class NewsImageEndpoints
{
    public const string Pattern = "/news/images/{postId:guid}";

    public static IEndpointRouteBuilder MapNewsImageEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet(Pattern, ImageAsync).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> ImageAsync(Guid postId, HttpContext http, GetPostImage get, CancellationToken ct)
    {
        var image = await get.HandleAsync(postId, http.User.PartnerId(), ct);
        if (image is null) return TypedResults.NotFound();
        http.Response.Headers.XContentTypeOptions = "nosniff";
        http.Response.Headers.ContentSecurityPolicy = "default-src 'none'";
        http.Response.Headers.CacheControl = image.IsPublic ? "public, max-age=86400" : "private, no-store";
        return TypedResults.File(image.Content, image.ContentType);
    }
}
