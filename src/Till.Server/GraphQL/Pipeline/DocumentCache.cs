using System.Collections.Concurrent;
using GraphQLParser.AST;
using GraphQLParser.Visitors;

namespace Till.Server.GraphQL.Pipeline;

/// <summary>A request's document, and whether this exact text already passed validation against the same schema version.</summary>
internal readonly record struct ParsedDocument(GraphQLDocument Document, bool Validated);

/// <summary>
/// Step 2, parse or reuse: documents that passed validation, by API version and exact text, so that
/// a repeated query is neither parsed nor validated again (parsing and validating dominate a small
/// mutation). A new text is parsed once, here, with Till's depth limit; GraphQL.NET is handed the
/// parsed document and never parses the text itself.
/// <para>
/// The cache is bounded by what it holds in memory, not only by how many documents: each entry is
/// accounted as <see cref="EstimateBytes"/> of its text and parsed document, the total is kept
/// within <see cref="DefaultBudgetBytes"/>, and a text longer than <see cref="MaxCachedQueryLength"/>
/// is never kept (it is parsed and validated on every request, as any new text is). When an entry
/// does not fit, other entries, any of them, are dropped until it does; a dropped document is simply
/// parsed and validated again the next time it is sent.
/// </para>
/// </summary>
internal sealed class DocumentCache(long budgetBytes = DocumentCache.DefaultBudgetBytes)
{
    /// <summary>How many validated documents are kept at most.</summary>
    public const int Capacity = 10_000;

    /// <summary>How many bytes (see <see cref="EstimateBytes"/>) the kept documents may take together: 64 MiB.</summary>
    public const long DefaultBudgetBytes = 64L << 20;

    /// <summary>The longest text, in characters, that is kept: 64 KiB.</summary>
    public const int MaxCachedQueryLength = 64 << 10;

    /// <summary>What one entry costs besides its text and syntax tree: the dictionary node, the key and the entry itself.</summary>
    private const int EntryOverheadBytes = 256;

    /// <summary>What one node of a parsed document takes, rounded up from measurement (60 to 120 bytes with its name and location).</summary>
    private const int BytesPerNode = 128;

    private readonly ConcurrentDictionary<(string Version, string Query), Entry> validated = new();
    private long bytes;
    private int count;

    /// <summary>How many documents are held now.</summary>
    public int Count => Volatile.Read(ref count);

    /// <summary>The accounted size of the documents held now, in bytes.</summary>
    public long Bytes => Interlocked.Read(ref bytes);

    /// <summary>The most <see cref="Bytes"/> may reach.</summary>
    public long BudgetBytes { get; } = budgetBytes;

    /// <summary>Parses a document with <see cref="DocumentLimits.ParserOptions"/>; throws <see cref="GraphQLParser.Exceptions.GraphQLParserException"/> when it does not parse.</summary>
    public static GraphQLDocument Parse(string query) => GraphQLParser.Parser.Parse(query, DocumentLimits.ParserOptions);

    /// <summary>
    /// What keeping a document costs, in bytes: its text (two bytes a character; the parsed document
    /// refers to the same string), <see cref="BytesPerNode"/> for every node of its syntax tree, and a
    /// fixed overhead per entry.
    /// </summary>
    public static long EstimateBytes(string query, GraphQLDocument document) =>
        (2L * query.Length) + (BytesPerNode * (long)NodeCounter.Count(document)) + EntryOverheadBytes;

    /// <summary>The validated document kept for this version and text, else the text freshly parsed (which may throw, see <see cref="Parse"/>).</summary>
    public ParsedDocument Get(string version, string query) =>
        validated.TryGetValue((version, query), out var entry) ? new ParsedDocument(entry.Document, Validated: true) : new ParsedDocument(Parse(query), Validated: false);

    /// <summary>Keeps a document that has just passed validation against this version's schema, when its text is short enough.</summary>
    public void Remember(string version, string query, GraphQLDocument document)
    {
        if (query.Length > MaxCachedQueryLength)
        {
            return;
        }

        var size = EstimateBytes(query, document);
        var key = (version, query);
        if (size > BudgetBytes || !validated.TryAdd(key, new Entry(document, size)))
        {
            return;
        }

        var total = Interlocked.Add(ref bytes, size);
        if (Interlocked.Increment(ref count) > Capacity || total > BudgetBytes)
        {
            MakeRoom(key);
        }
    }

    /// <summary>Drops entries other than <paramref name="keep"/> until the cache is within its capacity and budget.</summary>
    private void MakeRoom((string Version, string Query) keep)
    {
        foreach (var other in validated)
        {
            if (Count <= Capacity && Bytes <= BudgetBytes)
            {
                return;
            }

            if (other.Key != keep && validated.TryRemove(other.Key, out var dropped))
            {
                Interlocked.Add(ref bytes, -dropped.Bytes);
                Interlocked.Decrement(ref count);
            }
        }
    }

    private sealed record Entry(GraphQLDocument Document, long Bytes);

    /// <summary>Counts the nodes of a syntax tree (the visitor completes synchronously: nothing in it waits).</summary>
    private sealed class NodeCounter : ASTVisitor<NodeCounter>, IASTVisitorContext
    {
        private int nodes;

        public CancellationToken CancellationToken => CancellationToken.None;

        public static int Count(GraphQLDocument document)
        {
            var counter = new NodeCounter();
            var visit = counter.VisitAsync(document, counter);
            if (!visit.IsCompletedSuccessfully)
            {
                visit.AsTask().GetAwaiter().GetResult();
            }

            return counter.nodes;
        }

        public override ValueTask VisitAsync(ASTNode? node, NodeCounter context)
        {
            if (node is not null)
            {
                context.nodes++;
            }

            return base.VisitAsync(node, context);
        }
    }
}
