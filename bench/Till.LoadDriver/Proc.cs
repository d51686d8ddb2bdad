using System.Globalization;

namespace Till.LoadDriver;

/// <summary>CPU time of processes from /proc (Linux), and the machine's load.</summary>
internal static class Proc
{
    private static readonly double TicksPerSecond = 100.0; // USER_HZ on Linux

    /// <summary>utime + stime of a process in seconds, or null when it cannot be read.</summary>
    public static double? CpuSeconds(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // The command name (field 2) may contain spaces; fields after the closing parenthesis are plain.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            // After the name: state is field 3, so utime (14) and stime (15) are at 11 and 12 here.
            return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    /// <summary>
    /// Summed CPU seconds of every process whose name starts with <paramref name="prefix"/> (e.g.
    /// PostgreSQL's backends). With <paramref name="database"/>, PostgreSQL client backends of
    /// other databases are left out (their process title names the database); the server's own
    /// background processes (WAL writer, checkpointer, ...) still count.
    /// </summary>
    public static double CpuSecondsOfNamed(string prefix, string? database = null) => ProcessesNamed(prefix, database).Sum(p => p.CpuSeconds);

    /// <summary>The processes <see cref="CpuSecondsOfNamed"/> sums, each with its CPU seconds so far.</summary>
    public static IEnumerable<(int Pid, double CpuSeconds)> ProcessesNamed(string prefix, string? database = null)
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            var name = Path.GetFileName(dir);
            if (!int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            double? cpu = null;
            try
            {
                var comm = File.ReadAllText($"/proc/{pid}/comm").Trim();
                if (comm.StartsWith(prefix, StringComparison.Ordinal)
                    && (database is null || BackendDatabase(File.ReadAllText($"/proc/{pid}/cmdline")) is not { } other || other == database))
                {
                    cpu = CpuSeconds(pid);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The process ended while we looked.
            }

            if (cpu is { } seconds)
            {
                yield return (pid, seconds);
            }
        }
    }

    /// <summary>
    /// The database of a PostgreSQL client backend from its process title
    /// ("postgres: 15/main: user database 127.0.0.1(5432) idle"), or null for other processes.
    /// </summary>
    private static string? BackendDatabase(string title)
    {
        var fields = title.Replace('\0', ' ').Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // postgres: [cluster:] user database host(port)|[local] state
        var start = fields.Length > 1 && fields[1].EndsWith(':') ? 2 : 1;
        return fields.Length > start + 2 && fields[0] == "postgres:" && (fields[start + 2].EndsWith(')') || fields[start + 2] == "[local]")
            ? fields[start + 1]
            : null;
    }

    /// <summary>Busy and total jiffies of the whole machine (first line of /proc/stat).</summary>
    public static (double Busy, double Total) MachineCpu()
    {
        try
        {
            var line = File.ReadLines("/proc/stat").First();
            var values = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            var idle = values[3] + (values.Length > 4 ? values[4] : 0);
            var total = values.Take(8).Sum();
            return ((total - idle) / TicksPerSecond, total / TicksPerSecond);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return (0, 0);
        }
    }

    public static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "?";
        }
    }
}
