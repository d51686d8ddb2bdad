namespace Till.Server.GraphQL.Types;

/// <summary>The <c>MoneyV2</c> object.</summary>
internal sealed record MoneyV2(decimal Amount, string CurrencyCode)
{
    public static MoneyV2? Of(decimal? amount, string currency) => amount is { } a ? new MoneyV2(a, currency) : null;
}
