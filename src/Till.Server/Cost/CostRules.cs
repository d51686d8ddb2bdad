namespace Till.Server.Cost;

/// <summary>
/// Shopify's query cost rules, shared by <see cref="RequestedCost"/> (what a document asks for,
/// before it runs) and <see cref="ActualCost"/> (what was really returned): scalars and enums cost
/// 0, objects 1, a mutation field 10 (plus what its payload selects), a connection 2 plus
/// <c>first</c>/<c>last</c> times the cost of one node (its edges, cursors and page info are free),
/// an interface or union the dearest of its types.
/// </summary>
internal static class CostRules
{
    public const int MutationCost = 10;
    public const int ConnectionCost = 2;

    /// <summary>How deep a selection is followed; deeper parts cost nothing (the parser's depth limit is far lower).</summary>
    public const int MaxNesting = 256;

    /// <summary>What an object of this type costs by itself.</summary>
    public static long OwnCost(string typeName) =>
        typeName.EndsWith("Connection", StringComparison.Ordinal) ? ConnectionCost
        : typeName.EndsWith("Edge", StringComparison.Ordinal) || typeName == "PageInfo" ? 0
        : 1;
}
