using Microsoft.AspNetCore.Components;

namespace Loyalty.Web.Account;

/// <summary>Redirects from the static sign-in pages, refusing open redirects to other hosts.</summary>
internal sealed class IdentityRedirectManager(NavigationManager navigationManager)
{
    public void RedirectTo(string? uri)
    {
        uri ??= "";
        if (!Uri.IsWellFormedUriString(uri, UriKind.Relative) || uri.StartsWith("//", StringComparison.Ordinal) || uri.StartsWith("/\\", StringComparison.Ordinal))
            uri = navigationManager.ToBaseRelativePath(uri);
        navigationManager.NavigateTo(uri);
    }

    public void RedirectTo(string uri, Dictionary<string, object?> queryParameters)
    {
        var uriWithoutQuery = navigationManager.ToAbsoluteUri(uri).GetLeftPart(UriPartial.Path);
        RedirectTo(navigationManager.GetUriWithQueryParameters(uriWithoutQuery, queryParameters));
    }
}
