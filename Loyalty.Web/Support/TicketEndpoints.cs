using Loyalty.Core.Common;
using Loyalty.Core.Identity;
using Loyalty.Core.Support;
using Loyalty.Web.Account;

namespace Loyalty.Web.Support;

/// <summary>
/// Ticket attachments: operator staff get any, a partner's users only their own partner's (anything else is "not
/// found"). Always sent as a download with nosniff, so an uploaded file never renders as a page of the app.
/// </summary>
public static class TicketEndpoints
{
    public static IEndpointRouteBuilder MapTicketEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/files/tickets/attachments/{id:long}", AttachmentAsync)
            // The partner's office (admins, marketers) holds the tickets; cashiers have the cashier view only (decision 0082).
            .RequireAuthorization(p => p.RequireRole(Roles.OperatorAdmin, Roles.OperatorStaff, Roles.PartnerAdmin, Roles.PartnerMarketer));
        return app;
    }

    private static async Task<IResult> AttachmentAsync(long id, HttpContext http, GetTicketAttachment get, CancellationToken ct)
    {
        var user = http.User;
        var isOperator = user.IsInRole(Roles.OperatorAdmin) || user.IsInRole(Roles.OperatorStaff);
        var scope = isOperator ? null : user.PartnerId();
        if (!isOperator && scope is null) return TypedResults.NotFound();
        try
        {
            var file = await get.HandleAsync(id, scope, ct);
            http.Response.Headers.XContentTypeOptions = "nosniff";
            return TypedResults.File(file.Content, file.ContentType, file.FileName);
        }
        catch (DomainException e) when (e.Status == 404)
        {
            return TypedResults.NotFound();
        }
    }
}
