using System.Collections.Concurrent;
using GraphQLParser.AST;

namespace Till.Server.GraphQL.Pipeline;

/// <summary>A request's document, and whether this exact text already passed validation against the same schema version.</summary>
internal readonly record struct ParsedDocument(GraphQLDocument Document, bool Validated);

/// <summary>
/// Step 2, parse or reuse: documents that passed validation, by API version and exact text, so that
/// a repeated query is neither parsed nor validated again (parsing and validating dominate a small
/// mutation). A new text is parsed once, here, with Till's depth limit; GraphQL.NET is handed the
/// parsed document and never parses the text itself.
/// </summary>
internal sealed class DocumentCache
{
    /// <summary>How many validated documents are kept; beyond it new texts are simply not kept.</summary>
    public const int Capacity = 10_000;

    private readonly ConcurrentDictionary<(string Version, string Query), GraphQLDocument> validated = new();

    public int Count => validated.Count;

    /// <summary>Parses a document with <see cref="DocumentLimits.ParserOptions"/>; throws <see cref="GraphQLParser.Exceptions.GraphQLParserException"/> when it does not parse.</summary>
    public static GraphQLDocument Parse(string query) => GraphQLParser.Parser.Parse(query, DocumentLimits.ParserOptions);

    /// <summary>The validated document kept for this version and text, else the text freshly parsed (which may throw, see <see cref="Parse"/>).</summary>
    public ParsedDocument Get(string version, string query) =>
        validated.TryGetValue((version, query), out var document) ? new ParsedDocument(document, Validated: true) : new ParsedDocument(Parse(query), Validated: false);

    /// <summary>Keeps a document that has just passed validation against this version's schema.</summary>
    public void Remember(string version, string query, GraphQLDocument document)
    {
        if (validated.Count < Capacity)
        {
            validated.TryAdd((version, query), document);
        }
    }
}
