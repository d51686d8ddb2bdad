using Npgsql;
using Shouldly;
using Till.Storage.Postgres;
using Xunit;

namespace Till.Tests.Storage;

public sealed class PostgresUrlTests
{
    private static NpgsqlConnectionStringBuilder Parse(string url) => new(PostgresStore.ToConnectionString(url));

    [Fact]
    public void Url_PartsBecomeConnectionSettings()
    {
        var settings = Parse("postgres://till:s%40cret@db.example:6543/ledger");

        settings.Host.ShouldBe("db.example");
        settings.Port.ShouldBe(6543);
        settings.Database.ShouldBe("ledger");
        settings.Username.ShouldBe("till");
        settings.Password.ShouldBe("s@cret");
    }

    [Fact]
    public void Defaults_PreparedStatementsNoResetAndAFewConnectionsPerCore()
    {
        var settings = Parse("postgres://till:till@db.example/ledger");

        settings.MaxAutoPrepare.ShouldBe(64);
        settings.NoResetOnClose.ShouldBeTrue();
        settings.MaxPoolSize.ShouldBe(PostgresStore.DefaultPoolSize);
        PostgresStore.DefaultPoolSize.ShouldBe(Math.Max(16, Environment.ProcessorCount * 8));
        settings.SslMode.ShouldBe(SslMode.Prefer);
    }

    [Fact]
    public void Loopback_TlsOffUnlessAskedFor()
    {
        Parse("postgres://till:till@127.0.0.1/ledger").SslMode.ShouldBe(SslMode.Disable);
        Parse("postgres://till:till@127.0.0.1/ledger?SSL%20Mode=Require").SslMode.ShouldBe(SslMode.Require);
    }

    [Fact]
    public void QueryParameters_OverrideTheDefaults()
    {
        var settings = Parse("postgres://till:till@db.example/ledger?Maximum%20Pool%20Size=40&No%20Reset%20On%20Close=false&Max%20Auto%20Prepare=0");

        settings.MaxPoolSize.ShouldBe(40);
        settings.NoResetOnClose.ShouldBeFalse();
        settings.MaxAutoPrepare.ShouldBe(0);
    }

    [Theory]
    [InlineData("mysql://till@db/ledger")]
    [InlineData("not a url")]
    [InlineData("postgres:///ledger")]
    public void NotAPostgresUrl_Refused(string url) =>
        Should.Throw<ArgumentException>(() => PostgresStore.ToConnectionString(url));
}
