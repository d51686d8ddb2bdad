namespace Till.Server.GraphQL.Types;

/// <summary>A page of a connection: edges, nodes and page info.</summary>
internal sealed record Connection(IReadOnlyList<Edge> Edges, PageInfo PageInfo)
{
    public IEnumerable<object> Nodes => Edges.Select(e => e.Node);
}

/// <summary>One node of a connection with its cursor.</summary>
internal sealed record Edge(string Cursor, object Node);

/// <summary>The <c>PageInfo</c> object.</summary>
internal sealed record PageInfo(bool HasNextPage, bool HasPreviousPage, string? StartCursor, string? EndCursor);
