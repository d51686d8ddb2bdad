using System.Globalization;
using System.Reflection;

namespace Till.Storage.Sql;

/// <summary>
/// Numbered migration scripts embedded in a backend's assembly (<c>Migrations/0001_name.sql</c>), in order.
/// A line that is exactly <see cref="RebuildKeptFigures"/> stands for the statements that
/// recompute every kept figure from the ledger (<see cref="KeptFigures.Rebuild"/>), so the
/// migration and the seeder run the same SQL, whose classification comes from the domain. Only
/// the last script that asks for it runs it: the rebuild is written for the latest schema, and
/// one run recomputes everything.
/// </summary>
internal static class MigrationScripts
{
    public const string RebuildKeptFigures = "-- till: rebuild kept figures";

    /// <summary>A line that asks the runner to chain the ledger (<see cref="LedgerBackfill"/>) after the script's statements.</summary>
    public const string ChainLedger = "-- till: chain the ledger";

    /// <summary>True when the script asks for <see cref="ChainLedger"/>.</summary>
    public static bool ChainsLedger(string sql) => Lines(sql).Contains(ChainLedger);

    public static IEnumerable<(int Version, string Sql)> Read(Assembly assembly)
    {
        var scripts = new List<(int Version, string Sql)>();
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.EndsWith(".sql", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            var file = name.Split('.')[^2];
            var version = int.Parse(file.AsSpan(0, file.IndexOf('_', StringComparison.Ordinal)), CultureInfo.InvariantCulture);
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            scripts.Add((version, reader.ReadToEnd()));
        }

        var rebuilds = scripts.FindLastIndex(s => Lines(s.Sql).Contains(RebuildKeptFigures));
        return scripts.Select((s, i) => (s.Version, Expand(s.Sql, run: i == rebuilds)));
    }

    private static IEnumerable<string> Lines(string sql) => sql.Split('\n').Select(line => line.TrimEnd('\r'));

    private static string Expand(string sql, bool run) =>
        string.Join('\n', Lines(sql).Select(line => line != RebuildKeptFigures ? line
            : run ? string.Join(";\n", KeptFigures.Rebuild(oneShop: false)) + ";"
            : "-- (a later migration rebuilds the kept figures)"));
}
