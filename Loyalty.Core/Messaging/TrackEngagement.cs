using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Messaging;

/// <summary>Records the first open (tracking pixel) and first click (tracked link) of a message; a click implies an open.</summary>
public sealed class TrackEngagement(ILoyaltyDbFactory dbs, MessageLinks links, TimeProvider clock) : IUseCase
{
    public async Task OpenedAsync(string token, CancellationToken ct = default)
    {
        if (!links.TryReadOpen(token, out var id)) return;
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = dbs.Create();
        await using var tx = await db.BeginWriteAsync(ct);
        await db.OutgoingMessages.Where(m => m.Id == id && m.OpenedAt == null).ExecuteUpdateAsync(s => s.SetProperty(m => m.OpenedAt, now), ct);
        await tx.CommitAsync(ct);
    }

    /// <returns>The link's target when the token is genuine for it; null otherwise (never an open redirect).</returns>
    public async Task<string?> ClickedAsync(string token, string? target, CancellationToken ct = default)
    {
        if (string.IsNullOrEmpty(target) || !links.TryReadClick(token, target, out var id)) return null;
        if (!Uri.TryCreate(target, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")) return null;
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = dbs.Create();
        await using var tx = await db.BeginWriteAsync(ct);
        await db.OutgoingMessages.Where(m => m.Id == id && m.ClickedAt == null).ExecuteUpdateAsync(s => s.SetProperty(m => m.ClickedAt, now), ct);
        await db.OutgoingMessages.Where(m => m.Id == id && m.OpenedAt == null).ExecuteUpdateAsync(s => s.SetProperty(m => m.OpenedAt, now), ct);
        await tx.CommitAsync(ct);
        return target;
    }
}
