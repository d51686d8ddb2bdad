using GraphQL;
using GraphQL.Execution;

namespace Till.Server.GraphQL;

/// <summary>An error in the Admin API's own shape: a message and exactly the extensions Shopify sends.</summary>
internal sealed class ShopifyError : ExecutionError
{
    public ShopifyError(string message, IDictionary<string, object?> extensions)
        : base(message)
    {
        Ext = extensions;
    }

    public IDictionary<string, object?> Ext { get; }

    public static ShopifyError AccessDenied(string field, string requiredAccess) => AccessDenied(field, requiredAccess, reason: null);

    /// <summary>
    /// ACCESS_DENIED in the same shape, for a restriction of the token other than its scopes (the
    /// staff member it acts for, and that member's role); the message ends with the reason.
    /// </summary>
    public static ShopifyError AccessDenied(string field, string requiredAccess, string? reason) => new(
        $"Access denied for {field} field. Required access: {requiredAccess}." + (reason is null ? string.Empty : " " + reason),
        new Dictionary<string, object?>
        {
            ["code"] = "ACCESS_DENIED",
            ["documentation"] = "https://shopify.dev/api/usage/access-scopes",
            ["requiredAccess"] = requiredAccess + ".",
        });
}

/// <summary>Writes errors as Shopify does: the message, and the extensions the error carries.</summary>
internal sealed class ShopifyErrorInfoProvider : IErrorInfoProvider
{
    public ErrorInfo GetInfo(ExecutionError executionError) => new()
    {
        Message = executionError.Message,
        Extensions = executionError is ShopifyError s ? s.Ext : new Dictionary<string, object?> { ["code"] = executionError.Code ?? "INTERNAL_SERVER_ERROR" },
    };
}
