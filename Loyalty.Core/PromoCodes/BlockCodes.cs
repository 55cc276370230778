using Loyalty.Core.Audit;
using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.PromoCodes;

/// <summary>A block the operator placed: one code, a serial range or a whole batch, and why.</summary>
public class CodeBlock
{
    private CodeBlock() { }

    public CodeBlock(int batchNumber, int fromSerial, int toSerial, long codes, string reason, string actor, DateTime at)
    {
        BatchNumber = batchNumber;
        FromSerial = fromSerial;
        ToSerial = toSerial;
        Codes = codes;
        Reason = reason;
        Actor = actor;
        BlockedAt = at;
    }

    public long Id { get; private set; }
    public int BatchNumber { get; private set; }
    public int FromSerial { get; private set; }
    public int ToSerial { get; private set; }

    /// <summary>How many codes this block actually changed (already activated or blocked codes are not counted).</summary>
    public long Codes { get; private set; }

    public string Reason { get; private set; } = "";
    public string Actor { get; private set; } = "";
    public DateTime BlockedAt { get; private set; }
}

public sealed record BlockCodesCommand(int BatchNumber, int? FromSerial, int? ToSerial, string? Code, string Reason);

/// <summary>
/// Blocks codes that must never activate, e.g. a stolen print run: a single code (typed as printed), a serial range of
/// a batch (serials are in the print file) or the whole batch. Activated codes stay activated: their points were given.
/// </summary>
public sealed class BlockCodes(ILoyaltyDbFactory dbs, TimeProvider clock, PromoCodeHasher hasher) : IUseCase
{
    public async Task<long> HandleAsync(BlockCodesCommand command, string actor, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(command.Reason) || command.Reason.Trim().Length < 5 || command.Reason.Length > 300)
            throw ValidationException.For("reason", "Say why the codes are blocked (5 to 300 characters).");
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = dbs.Create();
        var batch = await db.CodeBatches.AsNoTracking().FirstOrDefaultAsync(b => b.Number == command.BatchNumber, ct)
            ?? throw DomainException.NotFound("batch-not-found", "No such batch.");

        long from, to;
        if (!string.IsNullOrWhiteSpace(command.Code))
        {
            if (!PromoCodeFormat.TryNormalize(command.Code, out var normalized))
                throw ValidationException.For("code", "This is not a valid code: check it against the print file.");
            var hash = hasher.Hash(normalized);
            var id = await db.PromoCodes.Where(c => c.Hash == hash).Select(c => (long?)c.Id).FirstOrDefaultAsync(ct);
            if (id is null || id >> CodeBatch.SerialBits != batch.Number)
                throw ValidationException.For("code", "This code does not belong to this batch.");
            from = to = id.Value;
        }
        else
        {
            var first = command.FromSerial ?? 1;
            var last = command.ToSerial ?? batch.Quantity;
            if (first < 1 || last > batch.Quantity || first > last)
                throw ValidationException.For("fromSerial", $"Serials run from 1 to {batch.Quantity:N0}; the first must not exceed the last.");
            from = CodeBatch.CodeId(batch.Number, first);
            to = CodeBatch.CodeId(batch.Number, last);
        }

        await using var tx = await db.BeginWriteAsync(ct);
        // Codes are keyed (batch, serial), so a serial range is one primary-key range scan.
        var changed = await db.PromoCodes
            .Where(c => c.Id >= from && c.Id <= to && c.Status == PromoCodeStatus.Generated)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, PromoCodeStatus.Blocked), ct);
        var wholeBatch = from == CodeBatch.CodeId(batch.Number, 1) && to == CodeBatch.CodeId(batch.Number, batch.Quantity) && string.IsNullOrWhiteSpace(command.Code);
        if (wholeBatch && batch.Status is CodeBatchStatus.Generated or CodeBatchStatus.Shipped)
            await db.CodeBatches.Where(b => b.Number == batch.Number).ExecuteUpdateAsync(s => s.SetProperty(b => b.Status, CodeBatchStatus.Blocked), ct);
        db.CodeBlocks.Add(new CodeBlock(batch.Number, (int)(from & 0xFFFF_FFFF), (int)(to & 0xFFFF_FFFF), changed, command.Reason.Trim(), actor, now));
        db.AuditEvents.Add(new AuditEvent(now, "codes.blocked", actor,
            $"Batch {batch.Number}, serials {from & 0xFFFF_FFFF}–{to & 0xFFFF_FFFF}: {changed:N0} code(s) blocked. {command.Reason.Trim()}", batch.PartnerId));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return changed;
    }
}
