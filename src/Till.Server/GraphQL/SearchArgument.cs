using GraphQL;
using Microsoft.Extensions.DependencyInjection;
using Till.Search;

namespace Till.Server.GraphQL;

/// <summary>Reads a connection's <c>query:</c> argument into a filter, reporting dropped terms in <c>extensions.search</c>.</summary>
internal static class SearchArgument
{
    public static BoundFilter? Bind(IResolveFieldContext context, IReadOnlyList<SearchField> fields, string? defaultTextField = null)
    {
        var text = context.GetArgument<string?>("query");
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var clock = context.Till().Services.GetService<TimeProvider>();
        var bound = SearchBinder.Bind(SearchParser.Parse(text), fields, defaultTextField, clock);
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
