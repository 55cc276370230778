namespace Loyalty.Core.Jobs;

/// <summary>
/// One scheduled firing of a background job, claimed by the node that runs it. The key (job, scheduled instant) is
/// unique, so when several nodes fire the same schedule only the first insert wins and the others stand down
/// (docs/decisions/0110, 0117). Old rows are pruned by <c>PruneJobFirings</c>.
/// </summary>
public class JobFiring
{
    public const int JobMaxLength = 200;
    public const int NodeMaxLength = 200;

    private JobFiring() { }

    public JobFiring(string job, DateTime scheduledAt, string node, DateTime claimedAt)
    {
        Job = job;
        ScheduledAt = scheduledAt;
        Node = node;
        ClaimedAt = claimedAt;
    }

    public string Job { get; private set; } = "";

    /// <summary>The trigger's scheduled fire time, UTC, truncated to the second (every schedule is whole seconds).</summary>
    public DateTime ScheduledAt { get; private set; }

    public string Node { get; private set; } = "";
    public DateTime ClaimedAt { get; private set; }
}
