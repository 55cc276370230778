using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Jobs;

/// <summary>
/// Claims one scheduled firing of a job for this node: true when this node inserted the claim (it runs the job),
/// false when another node already holds it (this node stands down). The unique key does the arbitration, so it
/// works on SQLite (where Quartz cannot cluster) and on SQL Server alike.
/// </summary>
public sealed class ClaimJobFiring(ILoyaltyDbFactory dbs, TimeProvider clock) : IUseCase
{
    public async Task<bool> HandleAsync(string job, DateTime scheduledAt, string node, CancellationToken ct = default)
    {
        var at = Truncate(scheduledAt);
        job = job.Length <= JobFiring.JobMaxLength ? job : job[..JobFiring.JobMaxLength];
        node = node.Length <= JobFiring.NodeMaxLength ? node : node[..JobFiring.NodeMaxLength];
        await using (var db = dbs.Create())
        {
            // Cheap read first: the losing node usually arrives after the winner committed, no failed insert needed.
            if (await db.JobFirings.AnyAsync(f => f.Job == job && f.ScheduledAt == at, ct)) return false;
            try
            {
                await using var tx = await db.BeginWriteAsync(ct);
                db.JobFirings.Add(new JobFiring(job, at, node, clock.GetUtcNow().UtcDateTime));
                await db.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
                return true;
            }
            catch (DbUpdateException)
            {
                // Either the other node won the race (unique key) or the insert failed for another reason; tell them
                // apart by looking: a claim that exists belongs to someone else, otherwise the failure is real.
            }
        }
        await using var check = dbs.Create();
        if (await check.JobFirings.AnyAsync(f => f.Job == job && f.ScheduledAt == at, ct)) return false;
        throw new InvalidOperationException($"Could not claim the firing of {job} at {at:O}.");
    }

    internal static DateTime Truncate(DateTime at)
    {
        var utc = at.Kind == DateTimeKind.Utc ? at : at.ToUniversalTime();
        return new DateTime(utc.Ticks - utc.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Utc);
    }
}
