using System.Buffers;
using System.Text.Json;
using GraphQL.Transport;

namespace Till.Server.GraphQL.Pipeline;

/// <summary>What reading a body gave: a request, or why there is none.</summary>
internal readonly record struct BodyRead(GraphQLRequest? Request, string Problem, bool TooLarge)
{
    public static BodyRead Refused(string problem) => new(null, problem, false);
}

/// <summary>
/// Step 1, read: the body is read once, into a pooled buffer, and parsed once, straight from its
/// bytes into a GraphQL request. Only a body that does not parse as a request is looked at again,
/// to say precisely what is wrong with it.
/// </summary>
internal static class RequestReader
{
    /// <summary>Bodies larger than this are refused (HTTP 413) before parsing.</summary>
    public const int MaxBodyBytes = 1 << 20;

    /// <summary>The deepest JSON nesting a body may have.</summary>
    public const int MaxJsonDepth = 64;

    public static async ValueTask<BodyRead> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var declared = request.ContentLength;
        if (declared > MaxBodyBytes)
        {
            return new BodyRead(null, string.Empty, TooLarge: true);
        }

        // A declared length is read exactly (no read is spent finding the end); a body of unknown length
        // is read until it ends, in a buffer that grows, and refused once it passes the limit.
        var buffer = ArrayPool<byte>.Shared.Rent((int)(declared ?? 4096) + 1);
        try
        {
            var length = 0;
            while (length != declared)
            {
                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, MaxBodyBytes + 1));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                length += read;
                if (length > MaxBodyBytes)
                {
                    return new BodyRead(null, string.Empty, TooLarge: true);
                }
            }

            return Parse(buffer.AsMemory(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Parses a body: a request with a query, or the 400 message for it.</summary>
    public static BodyRead Parse(ReadOnlyMemory<byte> body)
    {
        GraphQLRequest? request;
        try
        {
            request = AdminJson.Instance.ReadRequest(body.Span);
        }
#pragma warning disable CA1031 // Whatever failed, Explain works out the answer from the body alone.
        catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
        {
            return Explain(body);
        }

        return request is null ? Explain(body) : WithQuery(request);
    }

    /// <summary>
    /// A body that did not parse as a request, looked at step by step: is it JSON, an object, are its
    /// variables an object, is it a request. The first thing wrong is the answer.
    /// </summary>
    private static BodyRead Explain(ReadOnlyMemory<byte> body)
    {
        GraphQLRequest? request;
        try
        {
            using var document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = MaxJsonDepth });
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return BodyRead.Refused("Request body must be a JSON object with a query.");
            }

            if (document.RootElement.TryGetProperty("variables", out var variables) && variables.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null))
            {
                return BodyRead.Refused("variables must be a JSON object.");
            }

            request = AdminJson.Instance.Deserialize<GraphQLRequest>(document.RootElement.GetRawText());
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or NotSupportedException or ArgumentException)
        {
            return BodyRead.Refused("Request body is not valid JSON.");
        }

        return request is null ? BodyRead.Refused("No query string was present") : WithQuery(request);
    }

    private static BodyRead WithQuery(GraphQLRequest request) =>
        string.IsNullOrWhiteSpace(request.Query) ? BodyRead.Refused("No query string was present") : new BodyRead(request, string.Empty, false);
}
