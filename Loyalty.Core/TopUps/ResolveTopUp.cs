using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.TopUps;

/// <summary>
/// Operator staff settle a request by hand after checking with the provider: paid (e.g. confirmed in the provider's
/// back office) or failed (the reserved points go back). Retry puts a failed-to-send request back in the queue.
/// </summary>
public sealed class ResolveTopUp(ILoyaltyDbFactory dbs, TimeProvider clock, ProcessTopUps process) : IUseCase
{
    public async Task MarkPaidAsync(Guid id, string note, string actor, CancellationToken ct = default) =>
        await process.FinishAsync(await OpenAsync(id, ct), TopUpStatus.Succeeded, "manual", Note(note), actor, ct);

    public async Task MarkFailedAsync(Guid id, string note, string actor, CancellationToken ct = default) =>
        await process.FinishAsync(await OpenAsync(id, ct), TopUpStatus.Failed, null, Note(note), actor, ct);

    public async Task RetryNowAsync(Guid id, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = dbs.Create();
        await using var tx = await db.BeginWriteAsync(ct);
        var changed = await db.TopUpRequests.Where(r => r.Id == id && r.Status == TopUpStatus.Pending && r.MobileOperatorId != null)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.NextAttemptAt, now), ct);
        if (changed != 1) throw DomainException.Conflict("top-up-state", "Only a waiting request with a known mobile operator can be retried.");
        await tx.CommitAsync(ct);
    }

    private static string Note(string note) =>
        string.IsNullOrWhiteSpace(note) || note.Trim().Length < 5 || note.Length > 300
            ? throw ValidationException.For("note", "Say what you checked (5 to 300 characters).")
            : note.Trim();

    private async Task<TopUpRequest> OpenAsync(Guid id, CancellationToken ct)
    {
        await using var db = dbs.Create();
        var request = await db.TopUpRequests.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct)
            ?? throw DomainException.NotFound("top-up-not-found", "No such top-up request.");
        if (request.Status is TopUpStatus.Succeeded or TopUpStatus.Failed)
            throw DomainException.Conflict("top-up-state", $"This request is already {request.Status}.");
        return request;
    }
}
