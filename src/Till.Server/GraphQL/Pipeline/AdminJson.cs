using System.IO.Pipelines;
using System.Text.Json;
using GraphQL;
using GraphQL.SystemTextJson;
using GraphQL.Transport;

namespace Till.Server.GraphQL.Pipeline;

/// <summary>
/// The JSON of the Admin API: GraphQL.NET's serializer with Shopify's error shape
/// (<see cref="ShopifyErrorInfoProvider"/>) and no escaping of non-ASCII text, able to read a
/// request straight from the UTF-8 bytes of a body.
/// </summary>
internal sealed class AdminJson : GraphQLSerializer
{
    public static readonly AdminJson Instance = new();

    private AdminJson()
        : base(o => o.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping, new ShopifyErrorInfoProvider())
    {
    }

    /// <summary>Writes a result straight into a response's pipe (the same bytes as <see cref="GraphQLSerializer.WriteAsync{T}"/>, without a stream in between).</summary>
    public Task WriteAsync(PipeWriter writer, ExecutionResult result, CancellationToken cancellationToken) =>
        JsonSerializer.SerializeAsync(writer, result, SerializerOptions, cancellationToken);

    /// <summary>The bytes <see cref="WriteAsync"/> writes for a result.</summary>
    public byte[] ToBytes(ExecutionResult result) => JsonSerializer.SerializeToUtf8Bytes(result, SerializerOptions);

    /// <summary>Reads a request from UTF-8 JSON in one pass; null for a JSON <c>null</c>.</summary>
    public GraphQLRequest? ReadRequest(ReadOnlySpan<byte> utf8) => JsonSerializer.Deserialize<GraphQLRequest>(utf8, SerializerOptions);
}
