using System.Text;
using Loyalty.Core.Identity;
using Loyalty.Core.Imports;
using Loyalty.Web.Account;

namespace Loyalty.Web.Integrations;

/// <summary>The cabinet's download of an import's validation report (signed-in partner admins, own imports only).</summary>
public static class ImportFileEndpoints
{
    public static IEndpointRouteBuilder MapImportFileEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/files/imports/{importId:guid}/report.csv", async (Guid importId, HttpContext http, WriteImportReport report, CancellationToken ct) =>
        {
            if (http.User.PartnerId() is not { } partnerId) return Results.Forbid();
            try
            {
                await report.HandleAsync(partnerId, importId, TextWriter.Null, ct);
            }
            catch (Core.Common.DomainException) { return Results.NotFound(); }
            http.Response.ContentType = "text/csv; charset=utf-8";
            http.Response.Headers.ContentDisposition = $"attachment; filename=import-report-{importId:N}.csv";
            await using var writer = new StreamWriter(http.Response.Body, new UTF8Encoding(true));
            await report.HandleAsync(partnerId, importId, writer, ct);
            return Results.Empty;
        }).RequireAuthorization(p => p.RequireRole(Roles.PartnerAdmin));
        return app;
    }
}
