namespace Loyalty.Core.Segments;

/// <summary>
/// Where the profile aggregates stand (one row). The 30/90/365-day figures count purchases since
/// <see cref="WindowsAnchor"/> minus the window; each nightly run moves the anchor to its own instant and takes off what
/// left the windows in between, so no run scans the whole purchase history (0068).
/// </summary>
public class ProfileState
{
    public const int SingletonId = 1;

    public int Id { get; private set; } = SingletonId;

    /// <summary>The instant the rolling windows are measured back from.</summary>
    public DateTime WindowsAnchor { get; set; }

    /// <summary>The last rebuild from the whole purchase history (first run, weekly, or asked for).</summary>
    public DateTime RebuiltAt { get; set; }
}
