namespace Loyalty.Core.Common;

/// <summary>
/// A wall-clock time in a store's or partner's zone, turned into the UTC instant we store (docs/decisions/0124). Daylight
/// saving makes two kinds of local time awkward, and <see cref="TimeZoneInfo.ConvertTimeToUtc(DateTime, TimeZoneInfo)"/>
/// throws on the first: a time in the spring gap (02:30 on the night clocks jump from 02:00 to 03:00) never happened, so it
/// is read as the clock would have shown had it not been moved on (02:30 → 03:30 local, the same instant); a time in the
/// autumn overlap (02:30 happens twice) is read as its first occurrence, still on summer time.
/// </summary>
public static class LocalTime
{
    public static DateTime ToUtc(DateTime local, TimeZoneInfo zone)
    {
        var wall = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(wall))
        {
            // The offset before the jump applies: the instant is wall minus the standard (earlier) offset.
            var before = zone.GetUtcOffset(wall.AddHours(-3));
            return DateTime.SpecifyKind(wall - before, DateTimeKind.Utc);
        }
        if (zone.IsAmbiguousTime(wall))
        {
            var first = zone.GetAmbiguousTimeOffsets(wall).Max();
            return DateTime.SpecifyKind(wall - first, DateTimeKind.Utc);
        }
        return TimeZoneInfo.ConvertTimeToUtc(wall, zone);
    }
}
