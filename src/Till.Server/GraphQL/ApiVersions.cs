using System.Collections.Frozen;
using System.Text.RegularExpressions;
using GraphQL.Types;

namespace Till.Server.GraphQL;

/// <summary>The Admin API versions Till serves, each with its own schema.</summary>
internal sealed partial class ApiVersions
{
    public static readonly string[] Served = ["2026-04", "2026-07", "2026-10", "unstable"];

    private readonly FrozenDictionary<string, ISchema> schemas = Served.ToFrozenDictionary(v => v, SchemaFactory.Build, StringComparer.Ordinal);

    public ISchema this[string version] => schemas[version];

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

    [GeneratedRegex("^20[0-9]{2}-(01|04|07|10)$")]
    private static partial Regex ReleaseName();
}
