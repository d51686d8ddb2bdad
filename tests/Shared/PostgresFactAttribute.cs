using Xunit;

namespace Till.Testing;

/// <summary>
/// A test that only means something on PostgreSQL (several processes on one database, for
/// example): on the SQLite pass it is reported as skipped, with the reason, never as passed.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class PostgresFactAttribute : FactAttribute
{
    /// <summary>Skips the test unless the tests run against PostgreSQL.</summary>
    public PostgresFactAttribute()
    {
        if (!TestDatabase.UsePostgres)
        {
            Skip = "PostgreSQL only: runs in the PostgreSQL pass (TILL_TEST_BACKEND=postgres).";
        }
    }
}
