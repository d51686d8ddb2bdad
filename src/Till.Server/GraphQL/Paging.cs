using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using GraphQL;
using Till.Server.GraphQL.Types;

namespace Till.Server.GraphQL;

/// <summary>A connection's page arguments, checked: which way to walk, from where, and how many.</summary>
internal sealed record PageRequest(int Limit, bool Backward, bool Descending, (long Key, long Id)? From, bool HasCursor)
{
    public const int MaxPageSize = 250;

    /// <summary>Reads first/after/last/before/reverse; the scope ties cursors to one connection.</summary>
    public static PageRequest From_(IResolveFieldContext context, string scope, bool flipOrder = false)
    {
        var first = context.GetArgument<int?>("first");
        var last = context.GetArgument<int?>("last");
        var after = context.GetArgument<string?>("after");
        var before = context.GetArgument<string?>("before");
        var reverse = (context.GetArgument<bool?>("reverse") ?? false) != flipOrder;
        if (first is null == last is null)
        {
            throw BadRequest("you must provide one of first or last");
        }

        var limit = first ?? last!.Value;
        var name = first is null ? "last" : "first";
        if (limit < 0)
        {
            throw BadRequest($"{name} must not be negative");
        }

        if (limit > MaxPageSize)
        {
            throw BadRequest($"{name} must not exceed {MaxPageSize}");
        }

        var backward = last is not null;
        var cursor = backward ? before : after;
        if (!backward && before is not null || backward && after is not null)
        {
            throw BadRequest(backward ? "after can only be used with first" : "before can only be used with last");
        }

        var key = cursor is null ? ((long, long)?)null : Cursor.Decode(cursor, scope);
        return new PageRequest(limit, backward, reverse != backward, key, cursor is not null);
    }

    /// <summary>The page of rows to read: one more than asked, to learn whether more follow.</summary>
    public Till.Storage.KeysetPage Page => new(Descending, From, Limit + 1);

    /// <summary>
    /// Reads one page through <paramref name="load"/> and builds the connection, with exact page
    /// info: when a cursor was given, one more row is probed on its other side.
    /// </summary>
    public static async Task<Connection> LoadAsync<T>(IResolveFieldContext context, string scope, Func<Till.Storage.ITillReads, Till.Storage.KeysetPage, Task<IReadOnlyList<T>>> load, Func<T, (long Key, long Id)> keyOf, bool flipOrder = false)
        where T : notnull
    {
        var request = From_(context, scope, flipOrder);
        var till = context.Till();
        var rows = request.Limit == 0 ? [] : await till.ReadAsync(u => load(u, request.Page)).ConfigureAwait(false);
        var beyondCursor = false;
        if (request.From is { } cursor)
        {
            // Rows on the other side of the cursor, the cursor's own row included.
            var probe = new Till.Storage.KeysetPage(!request.Descending, (cursor.Key, request.Descending ? cursor.Id - 1 : cursor.Id + 1), 1);
            beyondCursor = (await till.ReadAsync(u => load(u, probe)).ConfigureAwait(false)).Count > 0;
        }

        return request.ToConnection(rows, keyOf, scope, beyondCursor);
    }

    /// <summary>Turns rows fetched in walking order (at most Limit + 1) into a connection in display order.</summary>
    public Connection ToConnection<T>(IReadOnlyList<T> rows, Func<T, (long Key, long Id)> keyOf, string scope, bool beyondCursor)
        where T : notnull
    {
        var more = rows.Count > Limit;
        var page = rows.Take(Limit).ToList();
        if (Backward)
        {
            page.Reverse();
        }

        var edges = page.Select(r => new Edge(Cursor.Encode(scope, keyOf(r)), r)).ToList();
        var info = new PageInfo(
            HasNextPage: Backward ? beyondCursor : more,
            HasPreviousPage: Backward ? more : beyondCursor,
            StartCursor: edges.Count > 0 ? edges[0].Cursor : null,
            EndCursor: edges.Count > 0 ? edges[^1].Cursor : null);
        return new Connection(edges, info);
    }

    public static ExecutionError BadRequest(string message)
    {
        var error = new ExecutionError(message) { Code = "BAD_REQUEST" };
        return error;
    }
}

/// <summary>Opaque cursors: the sort key, the connection they belong to, and a check that they were not altered.</summary>
internal static class Cursor
{
    public static string Encode(string scope, (long Key, long Id) key)
    {
        var body = string.Create(CultureInfo.InvariantCulture, $"{scope}|{key.Key}|{key.Id}");
        var text = body + "|" + Check(body);
        return Base64Url.EncodeToString(Encoding.UTF8.GetBytes(text));
    }

    public static (long Key, long Id) Decode(string cursor, string scope)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
            var parts = text.Split('|');
            if (parts.Length == 4 && parts[0] == scope
                && Check(string.Join('|', parts[..3])) == parts[3]
                && long.TryParse(parts[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var ticks)
                && long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                return (ticks, id);
            }
        }
        catch (FormatException)
        {
            // Falls through to the error below.
        }

        throw PageRequest.BadRequest($"Invalid cursor for this connection: '{(cursor.Length > 60 ? cursor[..60] + "..." : cursor)}'");
    }

    private static string Check(string body) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("till-cursor:" + body)).AsSpan(0, 6));
}
