using System.Text.Json;
using Loyalty.Core.Common;
using Loyalty.Core.Contests;

namespace Loyalty.Web.Contests;

/// <summary>
/// The draw's public files: the frozen entry list exactly as hashed, and the machine-readable record that
/// docs/verify_draw.py checks it against. Anonymous: they hold entry and participant numbers only.
/// </summary>
public static class ContestEndpoints
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static IEndpointRouteBuilder MapContestEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/draws/{id:guid}/entries.csv", EntriesAsync);
        app.MapGet("/draws/{id:guid}/draw.json", ProofAsync);
        app.MapGet("/draws/verify_draw.py", Verifier);
        return app;
    }

    private static async Task<IResult> EntriesAsync(Guid id, GetEntryList list, CancellationToken ct)
    {
        try
        {
            return TypedResults.File(await list.HandleAsync(id, ct), "text/csv", $"draw-{id:N}-entries.csv");
        }
        catch (DomainException e) when (e.Status == 404)
        {
            return TypedResults.Problem(e.Message, statusCode: 404, type: e.Code);
        }
    }

    /// <summary>docs/verify_draw.py, embedded at build time, so the checker people download is the one in the repository.</summary>
    private static IResult Verifier()
    {
        var stream = typeof(ContestEndpoints).Assembly.GetManifestResourceStream("verify_draw.py");
        return stream is null ? TypedResults.NotFound() : TypedResults.Stream(stream, "text/x-python", "verify_draw.py");
    }

    private static async Task<IResult> ProofAsync(Guid id, GetPublicContest get, CancellationToken ct)
    {
        var contest = await get.HandleAsync(id, ct);
        if (contest.Kind != ContestKind.Draw) return TypedResults.Problem("Only prize draws have a draw record.", statusCode: 404, type: "not-a-draw");
        return TypedResults.Json(DrawProof.From(contest), Json);
    }
}
