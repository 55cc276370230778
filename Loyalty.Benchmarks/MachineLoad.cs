namespace Loyalty.Benchmarks;

/// <summary>
/// The one-minute load average, where Linux offers it. The app and this client already share the cores, so a busy
/// machine (a build, a test run) cuts the figures; printing the load before the run makes such a run recognisable.
/// </summary>
public static class MachineLoad
{
    public static string Describe()
    {
        var load = OneMinute();
        if (load is null) return "";
        var cores = Environment.ProcessorCount;
        // Above one runnable task per core something else is competing; a just-finished run also lingers in the average.
        return load > cores
            ? $"load average {load:F2} on {cores} cores: something else is busy, figures will be low"
            : $"load average {load:F2} on {cores} cores";
    }

    private static double? OneMinute()
    {
        try
        {
            var first = File.ReadAllText("/proc/loadavg").Split(' ')[0];
            return double.TryParse(first, System.Globalization.CultureInfo.InvariantCulture, out var load) ? load : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
