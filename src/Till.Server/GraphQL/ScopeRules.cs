using GraphQL;
using GraphQL.Resolvers;
using GraphQL.Types;

namespace Till.Server.GraphQL;

/// <summary>
/// Which access scopes each field needs, checked while executing: a field the token may not use
/// resolves to null with an <c>ACCESS_DENIED</c> error, and the rest of the document still runs.
/// </summary>
internal static class ScopeRules
{
    public const string ReadCash = "read_cash_tracking";
    public const string WriteCash = "write_cash_tracking";
    public const string ReadOrders = "read_orders";
    public const string ReadLocations = "read_locations";
    public const string ReadUsers = "read_users";
    public static readonly string[] DeviceScopes = ["read_point_of_sale_devices", "read_orders", "read_marketplace_orders"];

    public const string DeviceScopeDescription = "`read_point_of_sale_devices` access scope, `read_orders` access scope or `read_marketplace_orders` access scope";

    private static readonly HashSet<string> DeviceTypes = ["PointOfSaleDevice", "PointOfSaleDeviceConnection"];

    /// <summary>Wraps the resolver of every field that needs a scope.</summary>
    public static void Apply(ISchema schema)
    {
        foreach (var type in schema.AllTypes.OfType<IObjectGraphType>())
        {
            foreach (var field in type.Fields)
            {
                var rule = RuleFor(type.Name, field);
                if (rule is not null && field.Resolver is { } inner)
                {
                    field.Resolver = new ScopedResolver(inner, rule.Value.AnyOf, rule.Value.Description);
                }
            }
        }
    }

    private static (string[] AnyOf, string Description)? RuleFor(string typeName, FieldType field)
    {
        var returns = field.ResolvedType?.GetNamedType().Name;
        if (returns is "BulkOperation" or "BulkOperationConnection" or "BulkOperationRunQueryPayload" or "BulkOperationCancelPayload")
        {
            // Bulk operations need no scope of their own: the query inside one is checked as it runs.
            return null;
        }

        // Webhook subscriptions need no scope of their own (a topic's own scope is checked when subscribing).
        if (typeName is "Mutation" or "QueryRoot" && field.Name.StartsWith("webhookSubscription", StringComparison.Ordinal))
        {
            return null;
        }

        if (typeName == "QueryRoot" && field.Name == "tenderTransactions")
        {
            return ([ReadOrders], $"`{ReadOrders}` access scope");
        }

        if (typeName == "Mutation")
        {
            return ([WriteCash], $"`{WriteCash}` access scope");
        }

        // The shop itself needs no scope; its locations and people need theirs, wherever they are listed from.
        switch (typeName, field.Name)
        {
            case ("QueryRoot", "shop"):
                return null;
            case ("QueryRoot", "location" or "locations" or "locationsCount") or ("Shop", "locations"):
                return ([ReadLocations], $"`{ReadLocations}` access scope");
            case ("QueryRoot", "staffMember" or "staffMembers") or ("Shop", "staffMembers" or "accountOwner"):
                return ([ReadUsers], $"`{ReadUsers}` access scope");
        }

        if (returns is not null && DeviceTypes.Contains(returns))
        {
            return (DeviceScopes, DeviceScopeDescription);
        }

        // A device is reachable with a device scope alone; its cash fields still need the cash scope.
        if (typeName == "PointOfSaleDevice" && returns is not null && returns.StartsWith("Cash", StringComparison.Ordinal) || typeName == "PointOfSaleDevice" && returns == "PointOfSaleDevicePaymentSession")
        {
            return ([ReadCash], $"`{ReadCash}` access scope");
        }

        return typeName == "QueryRoot" ? ([ReadCash], $"`{ReadCash}` access scope") : null;
    }

    private sealed class ScopedResolver(IFieldResolver inner, string[] anyOf, string description) : IFieldResolver
    {
        public ValueTask<object?> ResolveAsync(IResolveFieldContext context)
        {
            var request = context.Till();
            foreach (var scope in anyOf)
            {
                if (request.HasScope(scope))
                {
                    return inner.ResolveAsync(context);
                }
            }

            throw ShopifyError.AccessDenied(context.FieldDefinition.Name, description);
        }
    }
}
