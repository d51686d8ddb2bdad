using GraphQL;
using Till.Money;
using Till.Server.GraphQL.Types;
using Till.Sessions;

namespace Till.Server.GraphQL.Resolvers;

/// <summary>The till version's denominations: a currency's notes and coins, and those a count found.</summary>
internal static class DenominationResolvers
{
    public static void Wire(Wiring w)
    {
        w.Field("QueryRoot", "tillCurrencyDenominations", c =>
        {
            var list = Denominations.Of(c.GetArgument<string>("currencyCode"));
            return new CurrencyDenominationsView(list.CurrencyCode, [.. list.Values.Select(d => new DenominationView(d.Kind == DenominationKind.Coin ? "COIN" : "NOTE", d.Value))], list.Derived);
        });
        w.IsTypeOf("TillCurrencyDenominations", o => o is CurrencyDenominationsView);
        w.Properties("TillCurrencyDenominations", typeof(CurrencyDenominationsView));
        w.IsTypeOf("TillCurrencyDenomination", o => o is DenominationView);
        w.Properties("TillCurrencyDenomination", typeof(DenominationView));

        w.Field("CashCountActivity", "tillDenominations", c =>
        {
            var activity = (CashActivity)c.Source!;
            return activity.Denominations?.Select(d => new CountView((int)d.Count, new MoneyV2(d.Total, activity.Currency), d.Value)).ToList();
        });
        w.IsTypeOf("TillDenominationCount", o => o is CountView);
        w.Properties("TillDenominationCount", typeof(CountView));
    }

    /// <summary>The denominations given as <c>tillDenominations</c>, or null when the argument is absent (as in every Shopify version).</summary>
    public static IReadOnlyList<DenominationInput>? Given(IResolveFieldContext c)
    {
        if (c.Arguments is null || !c.Arguments.TryGetValue("tillDenominations", out var argument) || argument.Value is not System.Collections.IEnumerable items)
        {
            return null;
        }

        var list = new List<DenominationInput>();
        foreach (var item in items)
        {
            if (item is IDictionary<string, object?> fields)
            {
                var value = fields.TryGetValue("value", out var v) ? Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty : string.Empty;
                var count = fields.TryGetValue("count", out var n) && n is not null ? Convert.ToInt64(n, System.Globalization.CultureInfo.InvariantCulture) : 0;
                list.Add(new DenominationInput(value, count));
            }
        }

        return list;
    }

    private sealed record CurrencyDenominationsView(string CurrencyCode, IReadOnlyList<DenominationView> Denominations, bool Derived);

    private sealed record DenominationView(string Kind, decimal Value);

    private sealed record CountView(int Count, MoneyV2 Total, decimal Value);
}
