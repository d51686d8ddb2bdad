namespace Till.Server.Cost;

/// <summary>
/// Shopify's query cost rules, shared by <see cref="RequestedCost"/> (what a document asks for,
/// before it runs) and <see cref="ActualCost"/> (what was really returned): scalars and enums cost
/// 0, objects 1, a mutation field 10 (plus what its payload selects), a connection 2 plus
/// <c>first</c>/<c>last</c> times the cost of one node (its edges, cursors and page info are free),
/// an interface or union the dearest of its types. Till's own fields that read a whole history when
/// an argument asks them to add a fixed amount for it (<see cref="FieldCost"/>).
/// </summary>
internal static class CostRules
{
    public const int MutationCost = 10;
    public const int ConnectionCost = 2;

    /// <summary>How deep a selection is followed; deeper parts cost nothing (the parser's depth limit is far lower).</summary>
    public const int MaxNesting = 256;

    /// <summary>What <c>CashDrawer.tillLedgerVerification(full: true)</c> adds: it recomputes the drawer's whole chain.</summary>
    public const int FullLedgerVerificationCost = 100;

    /// <summary>
    /// What a field adds for an argument that makes it read a whole history, 0 for every other
    /// field; <paramref name="booleanArgument"/> gives a Boolean argument's value as the request sets it (null when it does not).
    /// </summary>
    public static long FieldCost(string parentType, string field, Func<string, bool?> booleanArgument) =>
        parentType == "CashDrawer" && field == "tillLedgerVerification" && booleanArgument("full") == true ? FullLedgerVerificationCost : 0;

    /// <summary>What an object of this type costs by itself.</summary>
    public static long OwnCost(string typeName) =>
        typeName.EndsWith("Connection", StringComparison.Ordinal) ? ConnectionCost
        : typeName.EndsWith("Edge", StringComparison.Ordinal) || typeName == "PageInfo" ? 0
        : 1;
}

/// <summary>
/// A resolved value whose work the type rules alone do not price: <see cref="ActualCost"/> adds its
/// <see cref="ExtraCost"/> to the object's own cost.
/// </summary>
internal interface IPricedResult
{
    /// <summary>What the value adds to its object's cost.</summary>
    long ExtraCost { get; }
}
