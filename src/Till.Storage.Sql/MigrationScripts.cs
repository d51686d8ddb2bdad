using System.Globalization;
using System.Reflection;

namespace Till.Storage.Sql;

/// <summary>Numbered migration scripts embedded in a backend's assembly (<c>Migrations/0001_name.sql</c>), in order.</summary>
internal static class MigrationScripts
{
    public static IEnumerable<(int Version, string Sql)> Read(Assembly assembly)
    {
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.EndsWith(".sql", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            var file = name.Split('.')[^2];
            var version = int.Parse(file.AsSpan(0, file.IndexOf('_', StringComparison.Ordinal)), CultureInfo.InvariantCulture);
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            yield return (version, reader.ReadToEnd());
        }
    }
}
