using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using Till.Search;
using Till.Storage.Sql;
using Till.Storage.Sqlite;

namespace Till.Tests.Search;

/// <summary>Runs translated filters against a real in-memory SQLite table.</summary>
public sealed class SqliteSearchTests : IDisposable
{
    internal static readonly IReadOnlyDictionary<string, string> Columns = new Dictionary<string, string>
    {
        ["id"] = "id",
        ["is_open"] = "status = 'OPEN'",
        ["location_id"] = "location_id",
        ["opening_time"] = "opened_at",
        ["opening_date"] = "opened_at",
        ["closing_time"] = "closed_at",
        ["name"] = "name",
        ["status"] = "status",
    };

    internal static readonly SessionRow[] Rows =
    [
        new(1, "Main drawer", "OPEN", 10, Utc(2026, 4, 1, 9), null),
        new(2, "Main backup", "CLOSED", 10, Utc(2026, 4, 1, 18), Utc(2026, 4, 1, 23)),
        new(3, "50%_off", "CLOSED", 20, Utc(2026, 4, 2, 8), Utc(2026, 4, 2, 17)),
        new(4, "side till", "OPEN", 20, Utc(2026, 4, 3, 10), null),
        new(5, "Back\\room", "CLOSED", 30, Utc(2026, 3, 31, 23).AddSeconds(3599), Utc(2026, 4, 1).AddMinutes(30)),
        new(6, null, null, 30, Utc(2026, 4, 5), null),
    ];

    private static readonly FakeTimeProvider Clock = new(Utc(2026, 4, 2, 12));

    private readonly SqliteConnection connection;

    public SqliteSearchTests() => connection = OpenDatabase();

    public void Dispose() => connection.Dispose();

    internal static DateTimeOffset Utc(int year, int month, int day, int hour = 0) => new(year, month, day, hour, 0, 0, TimeSpan.Zero);

    internal static SqliteConnection OpenDatabase()
    {
        var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using var create = connection.CreateCommand();
        create.CommandText = """
            CREATE TABLE sessions (
                id INTEGER PRIMARY KEY,
                name TEXT,
                status TEXT,
                location_id INTEGER NOT NULL,
                opened_at INTEGER NOT NULL,
                closed_at INTEGER
            );
            """;
        create.ExecuteNonQuery();
        foreach (var row in Rows)
        {
            using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO sessions VALUES ($id, $name, $status, $location, $opened, $closed)";
            insert.Parameters.AddWithValue("$id", row.Id);
            insert.Parameters.AddWithValue("$name", (object?)row.Name ?? DBNull.Value);
            insert.Parameters.AddWithValue("$status", (object?)row.Status ?? DBNull.Value);
            insert.Parameters.AddWithValue("$location", row.LocationId);
            insert.Parameters.AddWithValue("$opened", row.OpenedAt.UtcTicks);
            insert.Parameters.AddWithValue("$closed", row.ClosedAt is { } closed ? closed.UtcTicks : DBNull.Value);
            insert.ExecuteNonQuery();
        }

        return connection;
    }

    internal static string Matching(SqliteConnection connection, BoundFilter? filter)
    {
        var parameters = new List<(string Name, object? Value)> { ("$floor", 0L) };
        using var select = connection.CreateCommand();
        var where = filter is null ? "" : " AND " + SqlSearch.ToSql(filter, Columns, parameters);
        select.CommandText = "SELECT id FROM sessions WHERE id > $floor" + where + " ORDER BY id";
        foreach (var (name, value) in parameters)
        {
            select.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        var ids = new List<long>();
        using var reader = select.ExecuteReader();
        while (reader.Read())
        {
            ids.Add(reader.GetInt64(0));
        }

        return string.Join(",", ids);
    }

    [Theory]
    [InlineData("", "1,2,3,4,5,6")]
    [InlineData("is_open:true", "1,4")]
    [InlineData("is_open:false", "2,3,5,6")]
    [InlineData("location_id:10 OR location_id:30", "1,2,5,6")]
    [InlineData("-location_id:10", "3,4,5,6")]
    [InlineData("NOT is_open:true location_id:20", "3")]
    [InlineData("(location_id:10 OR location_id:20) is_open:false", "2,3")]
    [InlineData("is_open:true OR -(location_id:20)", "1,2,4,5,6")]
    [InlineData("id:>2 id:<6", "3,4,5")]
    [InlineData("id:<=gid://shopify/PointOfSaleDevicePaymentSession/2", "1,2")]
    [InlineData("location_id:gid://shopify/Location/20", "3,4")]
    [InlineData("opening_date:2026-04-01", "1,2")]
    [InlineData("opening_date:<2026-04-01", "5")]
    [InlineData("opening_date:<=2026-04-01", "1,2,5")]
    [InlineData("opening_date:>2026-04-01", "3,4,6")]
    [InlineData("opening_date:>=2026-04-02", "3,4,6")]
    [InlineData("opening_time:>=2026-04-01T18:00:00Z", "2,3,4,6")]
    [InlineData("opening_time:<2026-04-01T12:00:00+02:00", "1,5")]
    [InlineData("opening_time:<now", "1,2,3,5")]
    [InlineData("closing_time:<2026-04-02", "2,5")]
    [InlineData("-closing_time:<2026-04-02", "1,3,4,6")]
    [InlineData("closing_time:>2000-01-01", "2,3,5")]
    [InlineData("NOT closing_time:>2000-01-01", "1,4,6")]
    [InlineData("name:main*", "1,2")]
    [InlineData("name:\"SIDE TILL\"", "4")]
    [InlineData("name:50%*", "3")]
    [InlineData("name:5_*", "")]
    [InlineData("name:back\\*", "5")]
    [InlineData("-name:main*", "3,4,5,6")]
    [InlineData("\"main drawer\"", "1")]
    [InlineData("status:closed", "2,3,5")]
    [InlineData("status:clo*", "2,3,5")]
    [InlineData("-status:closed", "1,4,6")]
    [InlineData("staff:Kat is_open:true", "1,4")]
    public void ToSql_SelectsTheMatchingRows(string query, string expected)
    {
        var bound = SearchBinder.Bind(SearchParser.Parse(query), SearchBinderTests.SessionFields, "name", Clock);
        Matching(connection, bound.Filter).ShouldBe(expected);
        if (bound.Filter is not null)
        {
            Rows.Where(row => SearchOracle.Matches(bound.Filter, row)).Select(row => row.Id).ShouldBe(
                expected.Length == 0 ? [] : expected.Split(',').Select(long.Parse));
        }
    }

    [Fact]
    public void ToSql_UsesNumberedParametersAfterTheCallersOwn()
    {
        var bound = SearchBinder.Bind(SearchParser.Parse("name:x OR opening_date:2026-04-01"), SearchBinderTests.SessionFields, null);
        var parameters = new List<(string Name, object? Value)> { ("$shop", 1L) };
        var sql = SqlSearch.ToSql(bound.Filter!, Columns, parameters);
        sql.ShouldStartWith("(");
        sql.ShouldEndWith(")");
        parameters.Select(p => p.Name).ShouldBe(["$shop", "@s1", "@s2", "@s3"]);
        parameters[1].Value.ShouldBe("x");
        parameters[2].Value.ShouldBe(Utc(2026, 4, 1).UtcTicks);
    }

    [Fact]
    public void ToSql_UnmappedField_IsAProgrammingError() =>
        Should.Throw<ArgumentException>(() => SqlSearch.ToSql(
            new BoundComparison("nowhere", SearchComparator.Equal, new BoundId(1)), Columns, []));
}

/// <summary>A row of the test table.</summary>
internal sealed record SessionRow(long Id, string? Name, string? Status, long LocationId, DateTimeOffset OpenedAt, DateTimeOffset? ClosedAt);

/// <summary>What a filter should select, computed in memory, to hold the SQL to.</summary>
internal static class SearchOracle
{
    public static bool Matches(BoundFilter filter, SessionRow row) => filter switch
    {
        BoundAnd and => and.Operands.All(operand => Matches(operand, row)),
        BoundOr or => or.Operands.Any(operand => Matches(operand, row)),
        BoundNot not => !Matches(not.Operand, row),
        BoundComparison comparison => Compare(comparison, row),
        _ => throw new ArgumentException("Unknown node.", nameof(filter)),
    };

    private static bool Compare(BoundComparison comparison, SessionRow row) => (comparison.Field, comparison.Value) switch
    {
        ("id", BoundId id) => Ordered(row.Id.CompareTo(id.Id), comparison.Comparator),
        ("location_id", BoundId id) => Ordered(row.LocationId.CompareTo(id.Id), comparison.Comparator),
        ("is_open", BoundBoolean boolean) => (row.Status == "OPEN") == boolean.Value,
        ("opening_time" or "opening_date", BoundTime time) => Time(row.OpenedAt, time, comparison.Comparator),
        ("closing_time", BoundTime time) => row.ClosedAt is { } closed && Time(closed, time, comparison.Comparator),
        ("name", BoundText text) => Text(row.Name, text),
        ("status", BoundText text) => Text(row.Status, text),
        _ => throw new ArgumentException("Unexpected comparison.", nameof(comparison)),
    };

    private static bool Ordered(int order, SearchComparator comparator) => comparator switch
    {
        SearchComparator.LessThan => order < 0,
        SearchComparator.LessThanOrEqual => order <= 0,
        SearchComparator.GreaterThan => order > 0,
        SearchComparator.GreaterThanOrEqual => order >= 0,
        _ => order == 0,
    };

    private static bool Time(DateTimeOffset value, BoundTime time, SearchComparator comparator)
    {
        if (time.End is not { } end)
        {
            return Ordered(value.CompareTo(time.Start), comparator);
        }

        return comparator switch
        {
            SearchComparator.LessThan => value < time.Start,
            SearchComparator.LessThanOrEqual => value < end,
            SearchComparator.GreaterThan => value >= end,
            SearchComparator.GreaterThanOrEqual => value >= time.Start,
            _ => value >= time.Start && value < end,
        };
    }

    // SQLite's lower() folds ASCII letters only; the oracle does the same.
    private static bool Text(string? value, BoundText text)
    {
        if (value is null)
        {
            return false;
        }

        var folded = AsciiLower(value);
        var wanted = AsciiLower(text.Text);
        return text.Prefix ? folded.StartsWith(wanted, StringComparison.Ordinal) : folded == wanted;
    }

    private static string AsciiLower(string text) =>
        string.Create(text.Length, text, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = char.IsAsciiLetterUpper(source[i]) ? (char)(source[i] + 32) : source[i];
            }
        });
}
