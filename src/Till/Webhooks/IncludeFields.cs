using System.Text.Json.Nodes;

namespace Till.Webhooks;

/// <summary>
/// A subscription's <c>includeFields</c>: the payload is cut down to the named fields (dots name a
/// nested field: <c>customer.id</c> keeps <c>customer</c> with only its <c>id</c>). None named: the whole payload.
/// </summary>
public static class IncludeFields
{
    /// <summary>The payload with only the named fields, in the payload's own order; the input is not changed.</summary>
    public static JsonObject Apply(JsonObject payload, IReadOnlyList<string> fields)
    {
        ArgumentNullException.ThrowIfNull(payload);
        ArgumentNullException.ThrowIfNull(fields);
        if (fields.Count == 0)
        {
            return (JsonObject)payload.DeepClone();
        }

        return Keep(payload, fields.Select(f => f.Split('.')).ToList());
    }

    private static JsonObject Keep(JsonObject source, List<string[]> paths)
    {
        var kept = new JsonObject();
        foreach (var (name, value) in source)
        {
            var here = paths.Where(p => p[0] == name).ToList();
            if (here.Count == 0)
            {
                continue;
            }

            if (here.Any(p => p.Length == 1) || value is not JsonObject nested)
            {
                kept[name] = value?.DeepClone();
                continue;
            }

            kept[name] = Keep(nested, here.Select(p => p[1..]).ToList());
        }

        return kept;
    }
}
