using System.Collections.Frozen;
using System.Text.RegularExpressions;
using GraphQL.Types;

namespace Till.Server.GraphQL;

/// <summary>A served API version, and the version whose schema its own changes file builds on (null for the base).</summary>
internal sealed record ServedVersion(string Name, string? BuildsOn);

/// <summary>The Admin API versions Till serves, each with its own schema.</summary>
internal sealed partial class ApiVersions
{
    /// <summary>
    /// Every served version, oldest first. Each has a file <c>GraphQL/Schema/&lt;name&gt;.graphql</c>: the
    /// base's is its complete schema, every other one holds only what the version changes in the
    /// version it builds on (<see cref="SchemaComposer"/>).
    /// </summary>
    public static readonly ServedVersion[] All =
    [
        new("2026-04", BuildsOn: null),
        new("2026-07", BuildsOn: "2026-04"),
        new("2026-10", BuildsOn: "2026-07"),
        new("2027-01", BuildsOn: "2026-10"),
        new("unstable", BuildsOn: "2027-01"),
        new("till", BuildsOn: "2027-01"),
    ];

    public static readonly string[] Served = [.. All.Select(v => v.Name)];

    // Built once per process: a schema depends only on its version's files (resolvers reach a
    // request's services through its context, never through the schema), so every host in the
    // process can answer from the same immutable schemas. A process normally runs one host;
    // the tests and the multi-node benchmarks run many, and building six schemas per host
    // cost them most of their start-up.
    private static readonly Lazy<FrozenDictionary<string, ISchema>> Schemas =
        new(() => Served.ToFrozenDictionary(v => v, SchemaFactory.Build, StringComparer.Ordinal), LazyThreadSafetyMode.ExecutionAndPublication);

    public ISchema this[string version] => Schemas.Value[version];

    /// <summary>Builds every served schema now, so the first request does not wait for it.</summary>
    public static void Warm() => _ = Schemas.Value;

    /// <summary>The version that answers a requested one: itself, the oldest served for an older release, or null (not found).</summary>
    public static string? Resolve(string requested)
    {
        if (Served.Contains(requested, StringComparer.Ordinal))
        {
            return requested;
        }

        if (ReleaseName().IsMatch(requested) && string.CompareOrdinal(requested, Served[0]) < 0)
        {
            return Served[0];
        }

        return null;
    }

    /// <summary>Whether <paramref name="version"/> is <paramref name="release"/> or builds on it, directly or through others.</summary>
    public static bool Includes(string version, string release)
    {
        for (string? at = version; at is not null; at = All.FirstOrDefault(v => v.Name == at)?.BuildsOn)
        {
            if (at == release)
            {
                return true;
            }
        }

        return false;
    }

    [GeneratedRegex("^20[0-9]{2}-(01|04|07|10)$")]
    private static partial Regex ReleaseName();
}
