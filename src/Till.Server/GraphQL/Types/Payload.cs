using Till.Common;

namespace Till.Server.GraphQL.Types;

/// <summary>A mutation payload: the object (null on failure) and the user errors.</summary>
internal sealed record Payload(object? Item, IReadOnlyList<UserError> UserErrors)
{
    public static Payload From<T>(Outcome<T> outcome) => new(outcome.Succeeded ? outcome.Value : null, outcome.Errors);
}
