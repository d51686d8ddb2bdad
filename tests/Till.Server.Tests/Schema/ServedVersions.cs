using Till.Server.GraphQL;

namespace Till.Server.Tests.Schema;

/// <summary>Theory data: every API version Till serves, so a new version is covered by the schema tests without editing them.</summary>
public static class ServedVersions
{
    public static TheoryData<string> All() => [.. ApiVersions.Served];
}
