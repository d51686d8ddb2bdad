using System.Net;
using System.Text.Json;
using Till.Server.Tests.Protocol;
using Till.Server.Tests.Support;

namespace Till.Server.Tests.Attack;

/// <summary>
/// <c>/till/v1/health</c> answers whether the process is alive; <c>/till/v1/ready</c> whether it can
/// serve, which it cannot while the database refuses it.
/// </summary>
public sealed class ReadinessTests : IAsyncLifetime
{
    private TillServer server = null!;
    private FaultyStore store = null!;

    public async Task InitializeAsync()
    {
        server = await TillServer.StartAsync(wrapStore: s => new FaultyStore(s));
        store = (FaultyStore)server.Store;
    }

    public async Task DisposeAsync() => await server.DisposeAsync();

    private async Task<(HttpStatusCode Status, JsonElement Json, HttpResponseMessage Response)> GetAsync(string path)
    {
        // No admin key: neither answer needs one.
        var response = await server.ControlAsync(HttpMethod.Get, path, adminKey: null);
        var body = await response.Content.ReadAsStringAsync();
        ProtocolHelpers.AssertNoInternals(body);
        using var document = JsonDocument.Parse(body);
        return (response.StatusCode, document.RootElement.Clone(), response);
    }

    [Fact]
    public async Task Ready_WithTheDatabaseUp_Is200()
    {
        var (status, json, response) = await GetAsync("/ready");
        using (response)
        {
            status.ShouldBe(HttpStatusCode.OK, json.ToString());
            json.GetProperty("status").GetString().ShouldBe("ready");
            json.GetProperty("database").GetString().ShouldBe(server.Store.Kind);
        }
    }

    [Fact]
    public async Task DatabaseRefusingConnections_HealthStaysOk_ReadyIs503InTheEnvelope()
    {
        store.FailOn = name => name == "BeginAsync";

        var (healthStatus, health, healthResponse) = await GetAsync("/health");
        healthResponse.Dispose();
        healthStatus.ShouldBe(HttpStatusCode.OK);
        health.GetProperty("status").GetString().ShouldBe("ok");

        var (status, json, response) = await GetAsync("/ready");
        using (response)
        {
            status.ShouldBe(HttpStatusCode.ServiceUnavailable, json.ToString());
            json.GetProperty("error").GetProperty("code").GetString().ShouldBe("DATABASE_UNAVAILABLE");
            json.GetProperty("error").GetProperty("message").GetString().ShouldNotBeNullOrWhiteSpace();
            response.Headers.Contains("X-Request-Id").ShouldBeTrue();
        }

        store.Heal();
        var (again, _, againResponse) = await GetAsync("/ready");
        againResponse.Dispose();
        again.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task DatabaseFailingItsQueries_ReadyIs503()
    {
        store.FailOn = name => name == "GetSettingAsync";

        var (status, json, response) = await GetAsync("/ready");
        using (response)
        {
            status.ShouldBe(HttpStatusCode.ServiceUnavailable, json.ToString());
            json.GetProperty("error").GetProperty("code").GetString().ShouldBe("DATABASE_UNAVAILABLE");
        }
    }
}
