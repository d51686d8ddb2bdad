using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using GraphQL;
using GraphQL.Types;
using Till.Bulk;
using Till.Server.GraphQL;
using Till.Server.GraphQL.Pipeline;
using Till.Storage;

namespace Till.Server.Bulk;

/// <summary>
/// Runs a bulk query one page of its root connection at a time through the ordinary GraphQL
/// execution, with the scopes of the token that started it, and turns each page into JSONL lines:
/// every node of the root connection on a line of its own, the nodes of a nested connection on
/// lines after their parent's with <c>__parentId</c>. A nested connection longer than a page is
/// read on through <c>node(id:)</c> of its parent, page by page.
/// </summary>
internal sealed class BulkExport(IDocumentExecuter executer, ISchema schema, BulkQuery query, BulkOperation operation, ITillStore store, IServiceProvider services, int pageSize)
{
    private static readonly JsonSerializerOptions LineJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly IReadOnlySet<string> scopes = new HashSet<string>(operation.Scopes, StringComparer.Ordinal);

    /// <summary>What one page gave: where the next starts, and the error code when the query failed.</summary>
    public sealed record PageOutcome(string? NextCursor, bool HasNext, long Objects, long Roots, string? ErrorCode);

    /// <summary>Reads the page after <paramref name="cursor"/> and writes its lines to <paramref name="output"/>.</summary>
    public async Task<PageOutcome> RunPageAsync(string? cursor, BulkFileWriter output, CancellationToken cancellationToken)
    {
        var (data, error) = await ExecuteAsync(query.RootPage(pageSize, cursor), cancellationToken).ConfigureAwait(false);
        if (error is not null)
        {
            return new PageOutcome(null, false, 0, 0, error);
        }

        var connection = data![query.Root.Field.ResponseKey] as JsonObject;
        long objects = 0, roots = 0;
        foreach (var node in Nodes(query.Root, connection))
        {
            roots++;
            var (written, failed) = await WriteNodeAsync(node, query.Root, null, output, cancellationToken).ConfigureAwait(false);
            objects += written;
            if (failed is not null)
            {
                return new PageOutcome(null, false, objects, roots, failed);
            }

            await output.FlushFullAsync(cancellationToken).ConfigureAwait(false);
        }

        var info = connection?[BulkQuery.PageInfoAlias];
        var hasNext = info?["hasNextPage"]?.GetValue<bool>() ?? false;
        return new PageOutcome(info?["endCursor"]?.GetValue<string>(), hasNext, objects, roots, null);
    }

    private async Task<(long Written, string? Error)> WriteNodeAsync(JsonObject node, BulkConnection connection, string? parentId, BulkFileWriter output, CancellationToken cancellationToken)
    {
        var id = node[BulkQuery.IdAlias]?.GetValue<string>() ?? (node["id"] as JsonValue)?.GetValue<string>();
        node.Remove(BulkQuery.IdAlias);
        var nested = new List<(BulkConnection Connection, JsonObject? Value)>();
        foreach (var child in connection.Nested)
        {
            nested.Add((child, Detach(node, child.KeyPath)));
        }

        if (parentId is not null)
        {
            node["__parentId"] = parentId;
        }

        output.WriteLine(Line(node));
        long written = 1;
        foreach (var (child, value) in nested)
        {
            var page = value;
            while (page is not null)
            {
                foreach (var childNode in Nodes(child, page))
                {
                    var (more, failed) = await WriteNodeAsync(childNode, child, id, output, cancellationToken).ConfigureAwait(false);
                    written += more;
                    if (failed is not null)
                    {
                        return (written, failed);
                    }
                }

                var info = page[BulkQuery.PageInfoAlias];
                if (info?["hasNextPage"]?.GetValue<bool>() != true || id is null)
                {
                    break;
                }

                var (data, error) = await ExecuteAsync(BulkQuery.NestedPage(child, id, pageSize, info["endCursor"]!.GetValue<string>()), cancellationToken).ConfigureAwait(false);
                if (error is not null)
                {
                    return (written, error);
                }

                page = data![BulkQuery.NodeAlias] is JsonObject parent ? Detach(parent, child.KeyPath) : null;
            }
        }

        return (written, null);
    }

    /// <summary>Takes the connection's object out of its parent node (it is not part of the parent's line).</summary>
    private static JsonObject? Detach(JsonObject node, IReadOnlyList<string> keys)
    {
        var holder = node;
        for (var i = 0; i < keys.Count - 1; i++)
        {
            if (holder[keys[i]] is not JsonObject inner)
            {
                return null;
            }

            holder = inner;
        }

        var value = holder[keys[^1]] as JsonObject;
        holder.Remove(keys[^1]);
        return value;
    }

    private static IEnumerable<JsonObject> Nodes(BulkConnection connection, JsonObject? value)
    {
        if (value is null)
        {
            yield break;
        }

        if (connection.EdgesKey is not null && value[connection.EdgesKey] is JsonArray edges)
        {
            foreach (var edge in edges)
            {
                if (edge?[connection.EdgeNodeKey!] is JsonObject node)
                {
                    yield return node;
                }
            }
        }
        else if (connection.NodesKey is not null && value[connection.NodesKey] is JsonArray nodes)
        {
            foreach (var node in nodes.OfType<JsonObject>())
            {
                yield return node;
            }
        }
    }

    /// <summary>One line as Shopify writes it: compact JSON, with forward slashes escaped.</summary>
    private static byte[] Line(JsonObject node)
    {
        var text = node.ToJsonString(LineJson).Replace("/", "\\/", StringComparison.Ordinal);
        var bytes = new byte[Encoding.UTF8.GetByteCount(text) + 1];
        Encoding.UTF8.GetBytes(text, bytes);
        bytes[^1] = (byte)'\n';
        return bytes;
    }

    private async Task<(JsonObject? Data, string? Error)> ExecuteAsync(string text, CancellationToken cancellationToken)
    {
        await using var context = new TillRequest(services, store, operation.ShopId, scopes, "bulk-" + operation.Id, operation.ApiVersion);
        var result = await executer.ExecuteAsync(options =>
        {
            options.Schema = schema;
            options.Query = text;
            options.UserContext = context;
            options.RequestServices = services;
            options.CancellationToken = cancellationToken;
            options.ThrowOnUnhandledException = true;
        }).ConfigureAwait(false);
        if (result.Errors is { Count: > 0 } errors)
        {
            return (null, errors.Any(e => e is ShopifyError { Ext: var ext } && ext.TryGetValue("code", out var code) && Equals(code, "ACCESS_DENIED"))
                ? BulkErrorCode.AccessDenied
                : BulkErrorCode.InternalServerError);
        }

        var json = JsonNode.Parse(AdminJson.Instance.Serialize(result));
        return (json?["data"] as JsonObject, null);
    }
}
