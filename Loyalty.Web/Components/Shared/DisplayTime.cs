using System.Globalization;

namespace Loyalty.Web.Components.Shared;

public static class DisplayTime
{
    /// <summary>A live feed is about the last hours: the day and the minute, without the year that only wraps the column.</summary>
    public static string Feed(DateTime utc) => utc.ToLocalTime().ToString("d MMM, HH:mm", CultureInfo.CurrentCulture);
}
