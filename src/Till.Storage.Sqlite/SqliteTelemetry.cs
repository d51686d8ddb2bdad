using System.Diagnostics;

namespace Till.Storage.Sqlite;

/// <summary>
/// Spans of SQLite statements: Microsoft.Data.Sqlite makes none, so Till's SQL layer makes one per
/// statement (named by its first keyword, with the SQL text and never a parameter value) on this
/// source while something listens.
/// </summary>
public static class SqliteTelemetry
{
    /// <summary>The activity source's name.</summary>
    public const string ActivitySourceName = "Till.Storage.Sqlite";

    internal static readonly ActivitySource Source = new(ActivitySourceName);
}
