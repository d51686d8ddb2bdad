using GraphQL;
using Till.Ids;
using Till.Money;
using Till.ReasonCodes;

namespace Till.Server.GraphQL;

/// <summary>Reads typed arguments: global IDs of the expected type, money inputs and reason codes.</summary>
internal static class Args
{
    /// <summary>The numeric ID, or null when the ID names another type (which counts as not found).</summary>
    public static long? Id(IResolveFieldContext context, string name, string type) =>
        GlobalId.ParseOf(Text(context, name), type);

    /// <summary>
    /// A string argument as the client sent it. A variable declared with another type (a list where
    /// an ID belongs, say) is the client's mistake, answered as such rather than as a failure.
    /// </summary>
    public static string? Text(IResolveFieldContext context, string name)
    {
        if (context.Arguments is null || !context.Arguments.TryGetValue(name, out var argument) || argument.Value is null)
        {
            return null;
        }

        return argument.Value as string
            ?? throw new ShopifyError($"Argument '{name}' on Field '{context.FieldDefinition.Name}' has an invalid value. Expected type '{context.FieldDefinition.Arguments?.Find(name)?.ResolvedType}'.", new Dictionary<string, object?> { ["code"] = "argumentLiteralsIncompatible" });
    }

    public static bool Has(IResolveFieldContext context, string name) =>
        context.Arguments?.TryGetValue(name, out var value) == true && value.Value is not null;

    public static ReasonCodeRef? ReasonCode(IResolveFieldContext context, string name = "reasonCodeId")
    {
        if (!GlobalId.TryParse(Text(context, name), out var id))
        {
            return null;
        }

        return ReasonCodeTypes.KindOf(id.Type) is { } kind ? new ReasonCodeRef(kind, id.Id) : null;
    }

    public static MoneyInput? Money(IResolveFieldContext context, string name)
    {
        if (context.Arguments is null || !context.Arguments.TryGetValue(name, out var value) || value.Value is not IDictionary<string, object?> fields)
        {
            return null;
        }

        var amount = fields.TryGetValue("amount", out var a) ? a?.ToString() ?? string.Empty : string.Empty;
        var currency = fields.TryGetValue("currencyCode", out var c) ? c?.ToString() ?? string.Empty : string.Empty;
        return new MoneyInput(amount, currency);
    }

    public static DateTimeOffset? Time(IResolveFieldContext context, string name = "time") =>
        context.GetArgument<DateTimeOffset?>(name);
}
