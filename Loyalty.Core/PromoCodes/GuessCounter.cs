namespace Loyalty.Core.PromoCodes;

public enum GuessSubject : byte
{
    Customer = 0,
    Ip = 1,
    Device = 2,
}

/// <summary>
/// Failed activation attempts of one customer, IP address or device within the current window. Past the limit the
/// subject is locked out for a while and the operator console shows it; operator staff can lift a lock.
/// </summary>
public class GuessCounter
{
    public const int KeyMaxLength = 100;

    private GuessCounter() { }

    public GuessCounter(GuessSubject subject, string key, DateTime at)
    {
        Subject = subject;
        Key = key;
        WindowStartedAt = at;
        FirstFailureAt = at;
    }

    public long Id { get; private set; }
    public GuessSubject Subject { get; private set; }

    /// <summary>Customer id, IP address or device id.</summary>
    public string Key { get; private set; } = "";

    public int FailuresInWindow { get; private set; }
    public DateTime WindowStartedAt { get; private set; }
    public int TotalFailures { get; private set; }
    public int Lockouts { get; private set; }
    public DateTime FirstFailureAt { get; private set; }
    public DateTime LastFailureAt { get; private set; }
    public DateTime? LockedUntil { get; private set; }

    public bool IsLocked(DateTime now) => LockedUntil > now;

    /// <summary>Counts one failure; returns true when this failure locked the subject out.</summary>
    public bool RecordFailure(DateTime now, int limit, TimeSpan window, TimeSpan lockout)
    {
        if (now - WindowStartedAt >= window)
        {
            WindowStartedAt = now;
            FailuresInWindow = 0;
        }
        FailuresInWindow++;
        TotalFailures++;
        LastFailureAt = now;
        if (FailuresInWindow < limit || IsLocked(now)) return false;
        LockedUntil = now + lockout;
        Lockouts++;
        return true;
    }

    public void Unlock(DateTime now)
    {
        LockedUntil = null;
        FailuresInWindow = 0;
        WindowStartedAt = now;
    }
}
