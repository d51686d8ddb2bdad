namespace Till.Server.GraphQL.Types;

/// <summary>The <c>Count</c> object: a number, and whether counting stopped at the limit asked for.</summary>
internal sealed record CountView(long Count, string Precision)
{
    /// <summary>The count of <paramref name="counted"/> rows read with at most <paramref name="limit"/> + 1 of them: one more than the limit means there are more.</summary>
    public static CountView Of(long counted, long? limit) =>
        limit is { } l && counted > l ? new CountView(l, "AT_LEAST") : new CountView(counted, "EXACT");
}
