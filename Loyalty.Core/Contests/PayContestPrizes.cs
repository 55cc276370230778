using Loyalty.Core.Campaigns;
using Loyalty.Core.Common;
using Loyalty.Core.Points;
using Loyalty.Core.Programs;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Contests;

/// <summary>
/// Pays points prizes through the ledger, exactly once per winner row: in one transaction the row is claimed with a
/// guarded update (Awaiting → Paid) and the transfer is posted; a second or concurrent run's claim changes no row and
/// posts nothing, and a failed posting rolls the claim back so the next run tries again. A partner's prizes are
/// funded from the partner's issuance account (like points it gives at its tills), the operator's from the operator's.
/// Certificate prizes are issued under the same claim: the certificate row and the claim commit together, so a winner gets
/// exactly one certificate however often (or on however many nodes) the job runs.
/// </summary>
public sealed class PayContestPrizes(ILoyaltyDbFactory dbs, TimeProvider clock) : IUseCase
{
    public async Task<int> HandleAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        List<(long Id, Guid ContestId)> due;
        await using (var db = dbs.Create())
        {
            due = (await db.ContestWinners.AsNoTracking()
                .Where(w => (w.PrizeKind == PrizeKind.Points || w.PrizeKind == PrizeKind.Certificate) && w.Status == WinnerStatus.Awaiting)
                .OrderBy(w => w.Id).Select(w => new { w.Id, w.ContestId }).Take(500).ToListAsync(ct))
                .Select(w => (w.Id, w.ContestId)).ToList();
        }
        var paid = 0;
        var failures = new List<Exception>();
        foreach (var (id, contest) in due)
        {
            try
            {
                if (await PayAsync(id, now, ct)) paid++;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One prize that cannot be paid now must not hold back the others; the claim was rolled back, so it is retried.
                failures.Add(new InvalidOperationException($"Prize {id} of contest {contest} could not be paid: {e.Message}", e));
            }
        }
        if (failures.Count > 0) throw new AggregateException(failures);
        return paid;
    }

    private async Task<bool> PayAsync(long winnerId, DateTime now, CancellationToken ct)
    {
        await using var db = dbs.Create();
        await using var tx = await db.BeginWriteAsync(ct);
        var sql = await RawSql.OnAsync(db, ct);
        var claimed = await sql.ExecuteAsync(
            """UPDATE "ContestWinners" SET "Status" = @paid, "PaidAt" = @now WHERE "Id" = @id AND "Status" = @awaiting""",
            ct, ("@paid", (int)WinnerStatus.Paid), ("@now", now), ("@id", winnerId), ("@awaiting", (int)WinnerStatus.Awaiting));
        if (claimed != 1) return false;

        var winner = await db.ContestWinners.AsNoTracking().FirstAsync(w => w.Id == winnerId, ct);
        var contest = await db.Contests.AsNoTracking().Where(c => c.Id == winner.ContestId)
            .Select(c => new { c.Title, c.OwnerPartnerId }).FirstAsync(ct);
        if (winner.PrizeKind == PrizeKind.Certificate)
        {
            var validDays = await db.ContestPrizes.AsNoTracking().Where(p => p.Id == winner.PrizeId).Select(p => p.CertificateValidDays).FirstAsync(ct);
            // Worth the prize's points off a receipt, at the owner's stores (the operator's: everywhere), funded by the owner when redeemed.
            var certificate = new Certificate(CertificateCodes.New(), winner.CustomerId, contest.OwnerPartnerId, CertificateKind.Points, winner.Points, 0,
                now, now.AddDays(Math.Max(1, validDays)), CertificateSource.Contest, Truncate($"{winner.PrizeTitle} ({contest.Title})", Certificate.TitleMaxLength),
                null, null, now);
            db.Certificates.Add(certificate);
            await db.SaveChangesAsync(ct);
            await sql.ExecuteAsync("""UPDATE "ContestWinners" SET "CertificateId" = @certificate WHERE "Id" = @id""", ct, ("@certificate", certificate.Id), ("@id", winnerId));
            await tx.CommitAsync(ct);
            return true;
        }
        var program = await GetProgram.LoadAsync(db, ct);
        var funding = contest.OwnerPartnerId is { } partner
            ? await Ledger.PartnerAccountAsync(db, partner, AccountKind.PartnerIssuance, ct)
            : await Ledger.SystemAccountAsync(db, AccountKind.Operator, ct);
        var main = await Ledger.CustomerAccountAsync(db, winner.CustomerId, ct: ct);
        var transfer = await Ledger.PostAsync(db, now, Reasons.ContestPrize, $"Prize: {winner.PrizeTitle} ({contest.Title})",
            [new Leg(funding, -winner.Points), new Leg(main, winner.Points)], winner.CustomerId, contest.OwnerPartnerId,
            lotExpiresAt: now.AddMonths(program.Settings.PointsExpiryMonths), ct: ct);
        await sql.ExecuteAsync("""UPDATE "ContestWinners" SET "TransferId" = @transfer WHERE "Id" = @id""", ct, ("@transfer", transfer), ("@id", winnerId));
        await tx.CommitAsync(ct);
        return true;
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";
}
