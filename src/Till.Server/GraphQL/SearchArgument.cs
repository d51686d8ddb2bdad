using GraphQL;
using Microsoft.Extensions.DependencyInjection;
using Till.Search;
using Till.Server.GraphQL.Resolvers;
using Till.Shops;

namespace Till.Server.GraphQL;

/// <summary>Reads a connection's <c>query:</c> argument into a filter, reporting dropped terms in <c>extensions.search</c>.</summary>
internal static class SearchArgument
{
    /// <summary>
    /// Binds the argument to <paramref name="fields"/>. A connection with date fields reads the shop's
    /// time zone first (once per request), since a date such as <c>2026-03-08</c> is that local day.
    /// </summary>
    public static async Task<BoundFilter?> BindAsync(IResolveFieldContext context, IReadOnlyList<SearchField> fields, string? defaultTextField = null)
    {
        var text = context.GetArgument<string?>("query");
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var days = fields.Any(f => f.Kind is SearchFieldKind.Date or SearchFieldKind.DateTime) ? await Load.ShopTime(context).ConfigureAwait(false) : null;
        return Bind(context, text, fields, defaultTextField, days);
    }

    private static BoundFilter? Bind(IResolveFieldContext context, string text, IReadOnlyList<SearchField> fields, string? defaultTextField, ShopTime? days)
    {
        var clock = context.Till().Services.GetService<TimeProvider>();
        var bound = SearchBinder.Bind(SearchParser.Parse(text), fields, defaultTextField, clock, days);
        if (bound.Warnings.Count > 0)
        {
            var warnings = context.Till().SearchWarnings;
            lock (warnings)
            {
                warnings.Add(new Dictionary<string, object?>
                {
                    ["path"] = context.ResponsePath.ToList(),
                    ["query"] = text,
                    ["warnings"] = bound.Warnings.Select(w => new Dictionary<string, object?> { ["field"] = w.Field, ["message"] = w.Message, ["code"] = w.Code }).ToList(),
                });
            }
        }

        return bound.Filter;
    }
}
