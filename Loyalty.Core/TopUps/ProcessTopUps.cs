using Loyalty.Core.Audit;
using Loyalty.Core.Common;
using Loyalty.Core.Points;
using Loyalty.Core.Programs;
using Loyalty.Core.PromoCodes;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.TopUps;

public sealed record TopUpRun(int Succeeded, int Failed, int Retrying);

/// <summary>
/// Sends due top-up requests through the gateway. A request is marked <see cref="TopUpStatus.Sending"/> (committed)
/// before the call; if the process dies before the answer is recorded, the next run finds it still Sending and asks the
/// gateway for its status instead of guessing. Transient errors retry with exponential backoff; after the last attempt,
/// or on a definite refusal, the request fails and its reserved points return to the member's promo account.
/// </summary>
public sealed class ProcessTopUps(ILoyaltyDbFactory dbs, TimeProvider clock, ITopUpGateway gateway, PromoCodeSettings settings) : IUseCase
{
    public async Task<TopUpRun> HandleAsync(int max = 200, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        List<TopUpRequest> due;
        Dictionary<Guid, string> codes;
        await using (var db = dbs.Create())
        {
            due = await db.TopUpRequests.AsNoTracking()
                .Where(r => (r.Status == TopUpStatus.Sending || r.Status == TopUpStatus.Pending) && r.NextAttemptAt <= now)
                .OrderBy(r => r.NextAttemptAt).Take(max).ToListAsync(ct);
            codes = await db.MobileOperators.AsNoTracking().ToDictionaryAsync(o => o.Id, o => o.GatewayCode, ct);
        }

        int ok = 0, failed = 0, retrying = 0;
        foreach (var request in due)
        {
            ct.ThrowIfCancellationRequested();
            var outcome = await ProcessOneAsync(request, codes, ct);
            if (outcome == TopUpStatus.Succeeded) ok++;
            else if (outcome == TopUpStatus.Failed) failed++;
            else retrying++;
        }
        return new TopUpRun(ok, failed, retrying);
    }

    private async Task<TopUpStatus> ProcessOneAsync(TopUpRequest request, Dictionary<Guid, string> codes, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        TopUpAnswer? answer = null;
        string? error = null;
        try
        {
            if (request.Status == TopUpStatus.Sending)
            {
                // Crashed between sending and recording: the gateway knows whether it paid.
                answer = await gateway.GetStatusAsync(request.Id, ct);
                if (answer.Outcome == TopUpOutcome.Unknown) answer = null;
            }
            if (answer is null)
            {
                if (!await ClaimAsync(request.Id, request.Status, now, ct)) return request.Status;
                var order = new TopUpOrder(request.Id, request.Phone, codes.GetValueOrDefault(request.MobileOperatorId ?? Guid.Empty, ""), request.Amount, request.Currency);
                answer = await gateway.SendAsync(order, ct);
                request = await ReloadAsync(request.Id, ct);
            }
        }
        catch (TopUpGatewayException e)
        {
            error = e.Message;
            request = await ReloadAsync(request.Id, ct);
        }

        now = clock.GetUtcNow().UtcDateTime;
        if (answer?.Outcome == TopUpOutcome.Succeeded)
        {
            await FinishAsync(request, TopUpStatus.Succeeded, answer.Reference, null, "system", ct);
            return TopUpStatus.Succeeded;
        }
        if (answer?.Outcome == TopUpOutcome.Failed || (answer is null && request.Attempts >= settings.TopUpMaxAttempts))
        {
            await FinishAsync(request, TopUpStatus.Failed, answer?.Reference, answer?.Error ?? error ?? "No answer from the provider", "system", ct);
            return TopUpStatus.Failed;
        }
        // Pending at the provider, or a transient error: try again later, waiting longer each time (1, 2, 4, 8 … minutes).
        var delay = TimeSpan.FromMinutes(Math.Pow(2, Math.Max(0, request.Attempts - 1)));
        var status = answer?.Outcome == TopUpOutcome.Pending ? TopUpStatus.Sending : TopUpStatus.Pending;
        await using var db = dbs.Create();
        await using var tx = await db.BeginWriteAsync(ct);
        var id = request.Id;
        await db.TopUpRequests.Where(r => r.Id == id && (r.Status == TopUpStatus.Sending || r.Status == TopUpStatus.Pending))
            .ExecuteUpdateAsync(s => s
                .SetProperty(r => r.Status, status)
                .SetProperty(r => r.NextAttemptAt, now + delay)
                .SetProperty(r => r.LastError, Clip(error ?? answer?.Error ?? "Pending at the provider")), ct);
        await tx.CommitAsync(ct);
        return TopUpStatus.Pending;
    }

    /// <summary>The provider's words, cut to what the column holds.</summary>
    private static string? Clip(string? text) => text is { Length: > 500 } ? text[..500] : text;

    /// <summary>Marks the request as being sent and counts the attempt; false when another worker took it.</summary>
    private async Task<bool> ClaimAsync(Guid id, TopUpStatus from, DateTime now, CancellationToken ct)
    {
        await using var db = dbs.Create();
        await using var tx = await db.BeginWriteAsync(ct);
        var claimed = await db.TopUpRequests.Where(r => r.Id == id && r.Status == from)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, TopUpStatus.Sending).SetProperty(r => r.Attempts, r => r.Attempts + 1), ct);
        await tx.CommitAsync(ct);
        return claimed == 1;
    }

    private async Task<TopUpRequest> ReloadAsync(Guid id, CancellationToken ct)
    {
        await using var db = dbs.Create();
        return await db.TopUpRequests.AsNoTracking().FirstAsync(r => r.Id == id, ct);
    }

    /// <summary>Records the final outcome once (guarded on a non-final status); a failure returns the reserved points.</summary>
    internal async Task FinishAsync(TopUpRequest request, TopUpStatus final, string? reference, string? error, string actor, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = dbs.Create();
        await using var tx = await db.BeginWriteAsync(ct);
        var id = request.Id;
        var changed = await db.TopUpRequests
            .Where(r => r.Id == id && (r.Status == TopUpStatus.Pending || r.Status == TopUpStatus.Sending || r.Status == TopUpStatus.NeedsReview))
            .ExecuteUpdateAsync(s => s
                .SetProperty(r => r.Status, final)
                .SetProperty(r => r.CompletedAt, now)
                .SetProperty(r => r.ProviderReference, reference == null ? null : reference.Length > 100 ? reference.Substring(0, 100) : reference)
                .SetProperty(r => r.LastError, Clip(error))
                .SetProperty(r => r.ResolvedBy, actor), ct);
        if (changed != 1) return;
        if (final == TopUpStatus.Failed)
        {
            var program = await GetProgram.LoadAsync(db, ct);
            var payout = await Ledger.SystemAccountAsync(db, AccountKind.TopUpPayout, ct);
            var promo = await Ledger.CustomerAccountAsync(db, request.CustomerId, AccountKind.CustomerPromo, ct);
            await Ledger.PostAsync(db, now, Reasons.TopUpReturned, "Mobile top-up failed: points returned",
                [new Leg(payout, -request.Points), new Leg(promo, request.Points)], request.CustomerId,
                lotExpiresAt: now.AddMonths(program.Settings.PointsExpiryMonths), ct: ct);
        }
        db.AuditEvents.Add(new AuditEvent(now, final == TopUpStatus.Succeeded ? "topup.succeeded" : "topup.failed", actor,
            $"Top-up {request.Amount / 100m:0.00} {request.Currency} to {request.Phone}: {final}{(error is null ? "" : ": " + Clip(error))}", customerId: request.CustomerId));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }
}
